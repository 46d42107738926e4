#!/usr/bin/env python3
# gen-inputs.py -- deterministic inputs for the workload benchmark (B).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   gen-inputs.py OUTDIR [SCALE]
#
# Writes into OUTDIR (created):
#   corpus.txt    ~8 MB of word text, numbers and CSV-ish records (bzip2)
#   text.txt      ~1.5 MB of word text (perl, lua)
#   session.sql   sqlite3 session: schema, inserts, indexes, joins, updates
#   gen.c         a generated C translation unit (cc1 -O2)
#   repo/         a git repository built with git fast-import (git blame)
#   STAMP         what was generated and with which generator, so a rerun
#                 with the same generator and scale does nothing
# Every byte depends only on SCALE and this file: a fixed-seed xorshift64*
# generator (no Python `random`, no clock, no environment) and fixed
# commit dates and identities for git.

import hashlib
import os
import shutil
import subprocess
import sys

MASK = (1 << 64) - 1


class Rng:
    def __init__(self, seed):
        self.s = seed & MASK or 1

    def next(self):
        x = self.s
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        self.s = x
        return (x * 0x2545F4914F6CDD1D) & MASK

    def below(self, n):
        return (self.next() >> 11) % n

    def skewed(self, n):
        """Index in [0, n) with a Zipf-like skew towards small values."""
        u = (self.next() >> 11) / float(1 << 53)
        return min(n - 1, int(n * u * u * u))


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sta", "ver", "ton", "qui", "bel",
             "dor", "an", "is", "ul", "pe", "gra", "tho", "zen", "fi", "wa",
             "mer", "cal", "on", "ex", "pri", "sul", "vo", "ha", "jin", "ce"]


def vocabulary(rng, n):
    words, seen = [], set()
    while len(words) < n:
        w = "".join(SYLLABLES[rng.below(len(SYLLABLES))]
                    for _ in range(1 + rng.below(4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def text(rng, vocab, nbytes):
    out, size = [], 0
    while size < nbytes:
        kind = rng.below(20)
        if kind == 0:   # a CSV-ish record
            line = "%d,%s,%d.%02d,%s" % (rng.below(1000000),
                                         vocab[rng.skewed(len(vocab))],
                                         rng.below(10000), rng.below(100),
                                         vocab[rng.below(len(vocab))])
        else:
            n = 6 + rng.below(12)
            ws = [vocab[rng.skewed(len(vocab))] for _ in range(n)]
            if rng.below(3) == 0:
                ws[rng.below(n)] = str(rng.below(100000))
            ws[0] = ws[0].capitalize()
            line = " ".join(ws) + (".", ",", ";", "!", "?")[rng.below(5)]
        out.append(line)
        size += len(line) + 1
    return "\n".join(out) + "\n"


def gen_sql(rng, vocab, scale):
    ncust = int(8000 * scale)
    nord = int(40000 * scale)
    cities = vocab[:60]
    items = vocab[60:460]
    L = []
    L.append("PRAGMA cache_size = -32000;")
    L.append("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, "
             "city TEXT, created INTEGER, score REAL);")
    L.append("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id "
             "INTEGER, item TEXT, qty INTEGER, price REAL, note TEXT);")
    L.append("CREATE TABLE items(name TEXT PRIMARY KEY, category TEXT, "
             "weight REAL);")
    L.append("BEGIN;")
    for i, it in enumerate(items):
        L.append("INSERT INTO items VALUES('%s','%s',%d.%d);"
                 % (it, cities[i % 17], rng.below(100), rng.below(10)))
    for i in range(1, ncust + 1):
        name = "%s %s" % (vocab[rng.below(len(vocab))].capitalize(),
                          vocab[rng.below(len(vocab))].capitalize())
        L.append("INSERT INTO customers VALUES(%d,'%s','%s',%d,%d.%03d);"
                 % (i, name, cities[rng.skewed(len(cities))],
                    1600000000 + rng.below(100000000), rng.below(100),
                    rng.below(1000)))
    L.append("COMMIT;")
    L.append("BEGIN;")
    oid = 1
    while oid <= nord:
        vals = []
        for _ in range(50):
            if oid > nord:
                break
            note = " ".join(vocab[rng.below(len(vocab))]
                            for _ in range(rng.below(6)))
            vals.append("(%d,%d,'%s',%d,%d.%02d,'%s')"
                        % (oid, 1 + rng.skewed(ncust),
                           items[rng.skewed(len(items))], 1 + rng.below(9),
                           rng.below(500), rng.below(100), note))
            oid += 1
        L.append("INSERT INTO orders VALUES " + ",".join(vals) + ";")
    L.append("COMMIT;")
    L.append("CREATE INDEX orders_customer ON orders(customer_id);")
    L.append("CREATE INDEX orders_item ON orders(item, qty);")
    L.append("CREATE INDEX customers_city ON customers(city, name);")
    L.append("SELECT c.city, count(*), sum(o.qty * o.price) FROM customers c "
             "JOIN orders o ON o.customer_id = c.id GROUP BY c.city "
             "ORDER BY 3 DESC;")
    L.append("SELECT c.name, count(o.id) AS n, group_concat(o.item, ' ') "
             "FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
             "GROUP BY c.id ORDER BY n DESC, c.name LIMIT 200;")
    L.append("SELECT i.category, o.item, avg(o.price), max(o.qty) FROM orders "
             "o JOIN items i ON i.name = o.item GROUP BY i.category, o.item "
             "HAVING count(*) > 5 ORDER BY 3 DESC;")
    L.append("UPDATE orders SET note = note || ' ' || item WHERE qty > 6;")
    L.append("UPDATE customers SET score = score * 1.1 WHERE city IN "
             "(SELECT city FROM customers GROUP BY city HAVING count(*) > 100);")
    L.append("DELETE FROM orders WHERE id % 7 = 0;")
    L.append("CREATE TABLE summary AS SELECT customer_id, count(*) AS n, "
             "sum(qty * price) AS total, max(note) AS last_note FROM orders "
             "GROUP BY customer_id;")
    L.append("CREATE INDEX summary_total ON summary(total);")
    L.append("SELECT c.city, s.n, s.total, c.name FROM summary s JOIN "
             "customers c ON c.id = s.customer_id WHERE s.total > "
             "(SELECT avg(total) FROM summary) ORDER BY s.total DESC LIMIT 100;")
    L.append("SELECT length(group_concat(name)), count(DISTINCT city) FROM "
             "customers WHERE name LIKE '%a%';")
    L.append("SELECT upper(substr(note, 1, 12)), count(*) FROM orders GROUP BY "
             "1 ORDER BY 2 DESC LIMIT 50;")
    L.append("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r "
             "WHERE x < %d) SELECT count(*), sum(x %% 13) FROM r JOIN "
             "customers c ON c.id = r.x;" % ncust)
    L.append("VACUUM;")
    L.append("PRAGMA integrity_check;")
    return "\n".join(L) + "\n"


def gen_c(rng, scale):
    nfun = int(30 * scale)
    L = ["/* generated by bench/workloads/gen-inputs.py */",
         "#include <stdio.h>", "#include <string.h>", "#include <stdlib.h>",
         "",
         "struct rec { int id; double w; char name[24]; struct rec *next; "
         "unsigned flags; };", ""]
    for f in range(nfun):
        L.append("static unsigned f%d(struct rec *r, const int *a, int n);"
                 % f)
    for f in range(nfun):
        L.append("static unsigned f%d(struct rec *r, const int *a, int n)"
                 % f)
        L.append("{")
        L.append("    unsigned acc = %du; int i, j; int tmp[%d];"
                 % (rng.below(1000), 8 + rng.below(24)))
        L.append("    memset(tmp, 0, sizeof tmp);")
        L.append("    for (i = 0; i < n; i++) {")
        L.append("        switch ((a[i] ^ %d) & 15) {" % rng.below(1000))
        for c in range(16):
            op = rng.below(5)
            if op == 0:
                s = "acc += a[i] * %d;" % (1 + rng.below(97))
            elif op == 1:
                s = "acc ^= (acc << %d) | (unsigned)a[i];" % (1 + rng.below(13))
            elif op == 2:
                s = "tmp[i %% (int)(sizeof tmp / sizeof *tmp)] += %d;" \
                    % rng.below(50)
            elif op == 3:
                s = "if (r) { r->w += a[i] * 0.%d; r = r->next; }" \
                    % rng.below(1000)
            else:
                s = "acc = acc * %du + (unsigned)strlen(r ? r->name : \"x\");" \
                    % (3 + rng.below(50))
            L.append("        case %d: %s break;" % (c, s))
        L.append("        }")
        L.append("    }")
        L.append("    for (j = 0; j < (int)(sizeof tmp / sizeof *tmp); j++)")
        L.append("        acc += (unsigned)tmp[j] * %du;" % (1 + rng.below(9)))
        if f > 0 and rng.below(2) == 0:
            g = rng.below(f)
            L.append("    if (n > %d) acc += f%d(r, a + 1, n - %d);"
                     % (1 + rng.below(4), g, 1 + rng.below(3)))
        L.append("    if (r && (acc & %d)) snprintf(r->name, sizeof r->name, "
                 "\"%%u-%%d\", acc, n);" % (1 << rng.below(8)))
        L.append("    return acc;")
        L.append("}")
        L.append("")
    L.append("int main(int argc, char **argv)")
    L.append("{")
    L.append("    int a[64]; unsigned s = 0; int i; struct rec r;")
    L.append("    memset(&r, 0, sizeof r);")
    L.append("    for (i = 0; i < 64; i++) a[i] = argc * i;")
    for f in range(0, nfun, max(1, nfun // 50)):
        L.append("    s += f%d(&r, a, 64);" % f)
    L.append("    printf(\"%u %s\\n\", s, argv[0]);")
    L.append("    return 0;")
    L.append("}")
    return "\n".join(L) + "\n"


def gen_repo(rng, vocab, scale, path):
    """A repository whose file.txt went through NCOMMIT edits."""
    ncommit = int(600 * scale)
    nlines = 2500
    authors = ["%s %s" % (vocab[i].capitalize(), vocab[i + 20].capitalize())
               for i in range(12)]
    lines = [" ".join(vocab[rng.skewed(len(vocab))]
                      for _ in range(4 + rng.below(8))) for _ in range(nlines)]
    if os.path.exists(path):
        shutil.rmtree(path)
    env = dict(os.environ)
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
                "LC_ALL": "C"})
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True,
                   env=env)
    fi = subprocess.Popen(["git", "-C", path, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE, env=env)
    t = 1500000000
    for c in range(ncommit):
        if c > 0:
            for _ in range(1 + rng.below(12)):          # changed lines
                i = rng.below(len(lines))
                lines[i] = " ".join(vocab[rng.skewed(len(vocab))]
                                    for _ in range(4 + rng.below(8)))
            for _ in range(rng.below(6)):                # inserted lines
                i = rng.below(len(lines) + 1)
                lines.insert(i, " ".join(vocab[rng.below(len(vocab))]
                                         for _ in range(3 + rng.below(6))))
            for _ in range(rng.below(4)):                # deleted lines
                if len(lines) > 100:
                    del lines[rng.below(len(lines))]
            if rng.below(25) == 0:                       # a moved block
                i = rng.below(len(lines) - 40)
                block = lines[i:i + 20]
                del lines[i:i + 20]
                j = rng.below(len(lines))
                lines[j:j] = block
        data = ("\n".join(lines) + "\n").encode()
        a = authors[rng.below(len(authors))]
        email = a.lower().replace(" ", ".") + "@example.invalid"
        t += 3600 + rng.below(86400)
        msg = ("edit %d: %s\n" % (c, vocab[rng.below(len(vocab))])).encode()
        fi.stdin.write(b"commit refs/heads/main\n")
        fi.stdin.write(("author %s <%s> %d +0000\n" % (a, email, t)).encode())
        fi.stdin.write(("committer %s <%s> %d +0000\n" % (a, email, t))
                       .encode())
        fi.stdin.write(b"data %d\n%s" % (len(msg), msg))
        fi.stdin.write(b"M 644 inline file.txt\n")
        fi.stdin.write(b"data %d\n%s\n" % (len(data), data))
    fi.stdin.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", path, "checkout", "-q", "main"], check=True,
                   env=env)
    subprocess.run(["git", "-C", path, "repack", "-a", "-d", "-q"],
                   check=True, env=env)
    return ncommit


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: gen-inputs.py OUTDIR [SCALE]")
    out = sys.argv[1]
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    with open(os.path.abspath(__file__), "rb") as f:
        me = hashlib.sha256(f.read()).hexdigest()[:16]
    stamp_text = "generator %s scale %r\n" % (me, scale)
    stamp = os.path.join(out, "STAMP")
    try:
        with open(stamp) as f:
            if f.read() == stamp_text:
                return
    except OSError:
        pass
    os.makedirs(out, exist_ok=True)
    if os.path.exists(stamp):
        os.unlink(stamp)

    def write(name, s):
        with open(os.path.join(out, name), "w") as f:
            f.write(s)

    vocab = vocabulary(Rng(1), 6000)
    write("corpus.txt", text(Rng(2), vocab, int(8e6 * scale)))
    write("text.txt", text(Rng(3), vocab, int(1.0e6 * scale)))
    write("session.sql", gen_sql(Rng(4), vocab, scale))
    write("gen.c", gen_c(Rng(5), scale))
    gen_repo(Rng(6), vocab, scale, os.path.join(out, "repo"))
    with open(stamp, "w") as f:
        f.write(stamp_text)


if __name__ == "__main__":
    main()
