"""The reference byte-pair learner that BytePairLearnerTest compares the Java one with.

The plain algorithm of Sennrich, Haddow and Birch (2016), written independently of the Java code
and without its speed-ups: count every adjacent symbol pair over the distinct words (weighted by
their frequency), merge the most frequent pair everywhere, recount from scratch, repeat.

The conventions it shares with org.attentionlab.data.BytePairModel (they are the specification):
  - words are the lines split on white space (the corpus holds only spaces and tabs);
  - a word starts as one symbol per character, except '<' (and lone surrogates), which become
    their UTF-8 bytes written <0xHH>; the last symbol gets the end-of-word mark </w>;
  - ties between equally frequent pairs go to the smallest (left, right) in code-point order
    (Python compares str by code point);
  - a merge joins every occurrence of the pair in a word, left to right, without overlap;
  - learning stops after the given number of merges or when no pair occurs twice.

Plain Python 3, standard library only:

    python3 src/test/python/bpe_reference.py src/test/resources/bpe/corpus.txt 1000 \\
        > src/test/resources/bpe/merges.txt
"""
import collections
import sys

END = "</w>"


def base_symbols(word):
    out = []
    for ch in word:
        if ch == "<" or 0xD800 <= ord(ch) <= 0xDFFF:
            out.extend("<0x%02X>" % b for b in ch.encode("utf-8", "replace"))
        else:
            out.append(ch)
    out[-1] += END
    return tuple(out)


def pair_counts(words):
    counts = collections.Counter()
    for symbols, freq in words.items():
        for pair in zip(symbols, symbols[1:]):
            counts[pair] += freq
    return counts


def merge(symbols, pair):
    out = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def learn(lines, merges):
    words = collections.Counter()
    for line in lines:
        for w in line.split():
            words[base_symbols(w)] += 1
    learned = []
    while len(learned) < merges:
        counts = pair_counts(words)
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p[0], p[1]))
        if counts[best] < 2:
            break
        learned.append(best)
        merged = collections.Counter()
        for symbols, freq in words.items():
            merged[merge(symbols, best)] += freq
        words = merged
    return learned


def main(corpus, merges):
    with open(corpus, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = sys.stdout.buffer
    for left, right in learn(lines, merges):
        out.write(("%s %s\n" % (left, right)).encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
