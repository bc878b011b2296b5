#!/usr/bin/env python3
"""gen-righe.py DB N [SEED] - adds N generated rows to the Comuni list of
the SQLite database DB (a demo database), for bench/search.sh: the list
pattern measured at 10,000 and 1,000,000 rows, where the real registry has
7,894.

The names are made of the words of the real tender objects in ANAC's open
data sample (../shared/data/anac/cig_csv_sample_20231001.csv, CC BY 4.0
ANAC): 3 to 9 words drawn with the frequency they have there, so the
vocabulary and its skew (many "servizio", few "geotermico") are those of
procurement text.  Codes are 'A00000'..'J99999' (never an ISTAT code),
Provinces the active ones in turn, population random or missing.  The
derived tables (positions, search indexes) are NOT built here: bench/
search.sh runs `areavasta copy`, which rebuilds them as after an import.
"""
import csv
import random
import sqlite3
import sys
import unicodedata

ANAC = __file__.rsplit('/', 2)[0] + '/../shared/data/anac/cig_csv_sample_20231001.csv'


def fold(text):
    """The search form of core/fold.h for Latin text: [a-z0-9] words."""
    t = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode().lower()
    return ' '.join(''.join(c if c.isalnum() else ' ' for c in t).split())


def words():
    out = []
    with open(ANAC, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f, delimiter=';'):
            for col in ('oggetto_gara', 'oggetto_lotto'):
                out += [w for w in fold(row.get(col) or '').split() if len(w) > 1]
    return out


def main():
    db, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    vocab = words()
    con = sqlite3.connect(db)
    provs = [r[0] for r in con.execute(
        "SELECT codice FROM provincia WHERE attivo = 1 ORDER BY codice")]

    def rows():
        for i in range(n):
            name = ' '.join(rnd.choice(vocab) for _ in range(rnd.randint(3, 9)))[:200].strip()
            name = name[0].upper() + name[1:]
            code = 'ABCDEFGHIJ'[i // 100000] + '%05d' % (i % 100000)
            pop = rnd.randint(50, 300000) if rnd.random() < 0.9 else None
            yield (code, name, name.lower(), provs[i % len(provs)], pop)

    con.executemany(
        "INSERT INTO comune (codice_istat, nome, nome_altra_lingua, nome_search,"
        " provincia, codice_catastale, codice_fiscale, nuts1, nuts2, nuts3,"
        " ripartizione, capoluogo_provincia, popolazione, attivo, updated)"
        " VALUES (?, ?, NULL, ?, ?, 'Z999', NULL, NULL, NULL, NULL, 'Nord-est',"
        " 0, ?, 1, 0)", rows())
    con.commit()
    # Queries typed as people type them: 1-8 letters of a word, and a
    # word and the start of the next, from generated names.
    qs = set()
    for (name,) in con.execute(
            "SELECT nome_search FROM comune WHERE codice_istat >= 'A' LIMIT 20000"):
        w = name.split()
        for k in range(1, 9):
            qs.add(w[0][:k])
        if len(w) > 1:
            qs.add(w[0] + ' ' + w[1][:3])
    qs = sorted(qs)
    rnd.shuffle(qs)
    sys.stdout.write('\n'.join(qs) + '\n')


main()
