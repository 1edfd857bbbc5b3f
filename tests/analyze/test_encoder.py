"""The sentence encoder: paraphrases across French and English are close, unrelated ones far."""

import numpy as np

from corroborate.analyze import Encoder, encoder


def test_paraphrase_across_languages_is_closer_than_unrelated():
    enc = encoder()
    sims = enc.similarity(
        ["L'appel téléphonique a duré deux heures."],
        ["The phone call lasted two hours.", "Le Kremlin a démenti toute attaque."],
    )
    assert sims.shape == (1, 2)
    assert sims[0, 0] > 0.6
    assert sims[0, 1] < 0.3


def test_vectors_are_unit_length_and_empty_text_is_zero():
    vectors = Encoder().encode(["Un séisme a frappé le Japon.", "", "Un séisme a frappé le Japon."])
    assert vectors.shape == (3, 512)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-3)
    assert not vectors[1].any()
    assert np.array_equal(vectors[0], vectors[2])
