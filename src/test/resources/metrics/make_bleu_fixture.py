#!/usr/bin/python3
"""Writes bleu_nltk.tsv: corpus BLEU cases scored by NLTK, for BleuTest.

Run with Debian's python (python3-nltk):  /usr/bin/python3 make_bleu_fixture.py > bleu_nltk.tsv
Each line: name <TAB> expected <TAB> hypotheses <TAB> references, where hypotheses are separated
by '|||', the references of one hypothesis by '##' within its '|||' field, tokens by spaces.
Scores use corpus_bleu's default arguments (4-grams, uniform weights, no smoothing).
"""
import random
import sys
import warnings

import nltk
from nltk.translate.bleu_score import corpus_bleu

warnings.simplefilter("ignore")  # NLTK warns on orders without matches; the number is what we test


def w(s):
    return s.split()


CASES = []


def case(name, refs, hyps):
    CASES.append((name, [[w(r) for r in rs] for rs in refs], [w(h) for h in hyps]))


# NLTK's own documentation example (0.5920...).
case("nltk_doc_example",
     [["It is a guide to action that ensures that the military will forever heed Party commands",
       "It is the guiding principle which guarantees the military forces always being under the command of the Party",
       "It is the practical guide for the army always to heed the directions of the party"],
      ["he was interested in world history because he read the book"]],
     ["It is a guide to action which ensures that the military always obeys the commands of the party",
      "he read the book because he was interested in world history"])
case("identical_corpora",
     [["the cat sat on the mat"], ["a quick brown fox jumps over the lazy dog"]],
     ["the cat sat on the mat", "a quick brown fox jumps over the lazy dog"])
case("hypothesis_shorter_than_reference",
     [["the cat sat on the red mat in the sun today"]],
     ["the cat sat on the red mat"])
case("hypothesis_longer_than_reference",
     [["the cat sat on the mat"]],
     ["the cat sat on the mat and then the cat sat on the mat again"])
case("zero_fourgram_matches",
     [["the cat sat on the mat"]],
     ["the cat on sat the mat"])
case("zero_unigram_matches",
     [["the cat sat on the mat"]],
     ["a dog ran under it"])
case("short_hypothesis_no_fourgrams",
     [["the cat sat on the mat"], ["hello world"]],
     ["the cat sat on the mat", "hello world"])
case("empty_hypothesis_in_corpus",
     [["the cat sat on the mat"], ["one two three four five"]],
     ["the cat sat on the mat", ""])
case("clipping_repeated_words",
     [["the cat is on the mat", "there is a cat on the mat"]],
     ["the the the the the the the"])
case("closest_reference_tie_takes_shorter",
     [["a b c d e f", "a b c d e f g h"]],
     ["a b c d e f g"])
case("multiple_references",
     [["the cat sat on the mat", "there is a cat sitting on the mat"],
      ["it is raining today", "today it rains", "it rains today"]],
     ["there is a cat on the mat", "it is raining today in town"])

rng = random.Random(20250101)
vocab = "a b c d e f g h".split()
for k in range(6):
    refs, hyps = [], []
    for _ in range(rng.randint(2, 6)):
        n_refs = rng.randint(1, 3)
        refs.append([" ".join(rng.choice(vocab) for _ in range(rng.randint(3, 12))) for _ in range(n_refs)])
        base = refs[-1][0].split()
        # a noisy copy of the first reference, so that some n-grams match
        hyp = [t if rng.random() < 0.7 else rng.choice(vocab) for t in base]
        if rng.random() < 0.5:
            hyp = hyp[: rng.randint(1, len(hyp))]
        hyps.append(" ".join(hyp))
    case("random_%d" % k, refs, hyps)

print("# corpus_bleu cases from nltk %s, written by make_bleu_fixture.py; do not edit" % nltk.__version__)
for name, refs, hyps in CASES:
    score = corpus_bleu(refs, hyps)
    h = " ||| ".join(" ".join(x) for x in hyps)
    r = " ||| ".join(" ## ".join(" ".join(x) for x in rs) for rs in refs)
    sys.stdout.write("%s\t%r\t%s\t%s\n" % (name, float(score), h, r))
