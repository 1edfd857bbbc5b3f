"""Train the line model on the labelled noise of the sets; evaluate it leave-one-set-out.

Labels are read at training time from the sets' noise gold (../shared/eval or /work/sets style
folders); no text is written anywhere. Each set's pages go through the cleaner's rule pass;
every line the rules leave undecided is one example, chrome when the gold lists it as a noise
line. A logistic regression is fitted on standardised features; its threshold is the lowest
(not under 0.5) at which, on predictions cross-validated by page, the model drops at most
`--budget` of the undecided body characters.
  --loso: for each set, train on the two others, then score the held-out set with the scorer.
  --out FILE: train on all the sets and write the model (the shipped one is
  src/corroborate/extract/rules/line_model.json).
Usage: .venv/bin/python benchmarks/train_line_model.py [--loso] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler

from corroborate.extract import learned
from corroborate.extract.article import fix_text, sample
from corroborate.extract.lang import detect
from corroborate.extract.plain import rule_pass
from noise_sets import SETS, details, load_set, score_set, scorer

Examples = tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]


def examples(names: list[str], sets: Path | None) -> Examples:
    """Features, labels (1 chrome), body-character weights and page ids of the undecided lines."""
    norm = scorer().norm
    rows, labels, chars, groups = [], [], [], []
    for name in names:
        raw_of, gold, records = load_set(name, sets)
        for page, raw in raw_of.items():
            noise = {norm(x) for x in gold.get(page, {}).get("lines", [])}
            raw = fix_text(raw)
            title = records[page].get("title")
            lang = detect(sample(raw)) or records[page].get("lang") or "fr"
            content, found, _ = rule_pass(raw, fix_text(title) if title else None, lang)
            texts = [line.clean for line in content]
            tags = [line.label for line in content]
            for i, tag in enumerate(tags):
                if tag != "" or not texts[i]:
                    continue
                rows.append(learned.line_features(texts, tags, i, found, lang))
                labels.append(int(norm(content[i].text) in noise))
                chars.append(len(texts[i]))
                groups.append(f"{name}/{page}")
    return np.array(rows), np.array(labels), np.array(chars), groups


def fit(data: Examples, budget: float, names: list[str], floor: float = 0.5) -> dict:
    """The model file's content trained on `data`."""
    x, y, chars, groups = data
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    clf = LogisticRegression(C=0.5, max_iter=2000, class_weight={0: 3.0, 1: 1.0})
    folds = GroupKFold(n_splits=5)
    p = cross_val_predict(clf, xs, y, cv=folds, groups=groups, method="predict_proba")[:, 1]
    body = chars[y == 0].sum()
    threshold = 0.99
    for t in np.arange(0.98, floor - 0.001, -0.01):
        if chars[(p >= t) & (y == 0)].sum() > budget * body:
            break
        threshold = float(round(t, 2))
    clf.fit(xs, y)
    taken = p >= threshold
    return {
        "about": "Logistic regression over the line features of corroborate.extract.learned "
        "(chrome = 1), trained by benchmarks/train_line_model.py on the noise labels of the "
        f"sets {', '.join(names)}; a line is dropped at a probability of `threshold` or more.",
        "trained_on": names,
        "examples": len(y),
        "chrome_examples": int(y.sum()),
        "cross_validated": {
            "chrome_taken": int((taken & (y == 1)).sum()),
            "body_taken": int((taken & (y == 0)).sum()),
            "body_chars_taken": int(chars[taken & (y == 0)].sum()),
        },
        "features": list(learned.FEATURES),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
        "threshold": threshold,
    }


def leave_one_out(sets: Path | None, budget: float = 0.003) -> dict[str, tuple[dict, dict]]:
    """For each set: (the model trained on the two others, the scorer's figures on it)."""
    names = list(SETS)
    found = {}
    try:
        for held in names:
            train = [n for n in names if n != held]
            model = fit(examples(train, sets), budget, train)
            learned.use_model(model)
            found[held] = (model, score_set(held, sets))
    finally:
        learned.use_model(learned.load_model())
    return found


def main() -> int:
    """Leave-one-set-out figures and/or the model trained on all the sets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=Path, default=Path("/work/sets"))
    parser.add_argument("--budget", type=float, default=0.003)
    parser.add_argument("--loso", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--details", action="store_true", help="list the held-out misses")
    args = parser.parse_args()
    names = list(SETS)
    if args.loso:
        for held in names:
            train = [n for n in names if n != held]
            model = fit(examples(train, args.sets), args.budget, train)
            learned.use_model(model)
            figures = score_set(held, args.sets)
            print(f"held out {held} (trained on {'+'.join(train)}, threshold "
                  f"{model['threshold']}):", json.dumps(figures), flush=True)
            if args.details:
                print("\n".join(details(held, args.sets)))
        learned.use_model(learned.load_model())
    if args.out:
        model = fit(examples(names, args.sets), args.budget, names)
        args.out.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
        print(f"wrote {args.out}: threshold {model['threshold']}, {model['cross_validated']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
