"""Writes src/test/resources/bpe/corpus.txt: 400 made-up sentences for the byte-pair fixture.

Plain Python 3, standard library only, seeded: running it again gives the same file. The words
mix German and English stems and endings (so frequent pairs and many frequency ties arise), a few
rare characters (umlauts, sharp s, an emoji, a character outside the Basic Multilingual Plane) and
the character '<', which the byte-pair scheme always writes as its byte <0x3C>.

    python3 src/test/python/make_bpe_corpus.py src/test/resources/bpe/corpus.txt
"""
import random
import sys

STEMS = ["haus", "house", "lauf", "walk", "spiel", "play", "sprech", "speak", "arbeit", "work",
         "schreib", "writ", "les", "read", "hoch", "low", "new", "neu", "wid", "old"]
ENDINGS = ["", "", "er", "en", "ing", "est", "ung", "s", "ed", "lich", "ly", "e"]
EXTRA = ["Straße", "Grüße", "über", "schön", "café", "naïve", "😀", "𝔘nicode", "a<b", "<tag>", "x-ray",
         "don't", "2024", "3.14", "!", ",", "."]


def sentence(rng):
    words = []
    for _ in range(rng.randint(3, 10)):
        if rng.random() < 0.08:
            words.append(rng.choice(EXTRA))
        else:
            w = rng.choice(STEMS) + rng.choice(ENDINGS)
            words.append(w.capitalize() if not words and rng.random() < 0.5 else w)
    sep = rng.choice([" ", " ", " ", "  ", "\t"])
    return sep.join(words)


def main(path):
    rng = random.Random(15)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for _ in range(400):
            f.write(sentence(rng) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
