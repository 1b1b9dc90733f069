#!/usr/bin/env python3
"""Generate a large synthetic layered Go module for lint benchmarks and go-arch-lint comparisons.

usage: gen-layered-tree.py OUT_DIR [PACKAGES_PER_LAYER] [SEED]

Four layers (handler, service, repository, domain) under internal/, each with N packages of three
files. Imports mostly follow the allowed edges, with a fixed share of forbidden ones, so both tools
have findings to compare. Writes .go-arch-lint.yml (version 3) describing the layers.
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 250
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
layers = ["handler", "service", "repository", "domain"]
allowed = {"handler": ["service", "domain", "repository"], "service": ["domain", "repository"],
           "repository": ["domain"], "domain": []}
mod = "example.com/big"
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "go.mod"), "w") as f:
    f.write(f"module {mod}\n\ngo 1.22\n")
with open(os.path.join(out, ".go-arch-lint.yml"), "w") as f:
    f.write("version: 3\nworkdir: internal\nallow:\n  depOnAnyVendor: true\n  deepScan: false\ncomponents:\n")
    for l in layers:
        f.write(f"  {l}: {{ in: {l}/** }}\n")
    f.write("deps:\n")
    for l in layers:
        if allowed[l]:
            f.write(f"  {l}: {{ mayDependOn: [{', '.join(allowed[l])}] }}\n")
body = "\n".join(f"// F{i} is filler.\nfunc F{i}(x int) int {{ return x*{i} + {i} }}\n" for i in range(40))
for li, l in enumerate(layers):
    for p in range(n):
        d = os.path.join(out, "internal", l, f"p{p:04d}")
        os.makedirs(d, exist_ok=True)
        for fi in range(3):
            imps = ["fmt", "strings"]
            for _ in range(4):
                outer = layers[:li]
                if outer and rng.random() < 0.05:
                    # forbidden (inner → outer): the outer layer's leaf, which imports nothing
                    imps.append(f"{mod}/internal/{rng.choice(outer)}/leaf")
                elif allowed[l]:
                    # allowed edges all point inwards, so there are no Go import cycles
                    imps.append(f"{mod}/internal/{rng.choice(allowed[l])}/p{rng.randrange(n):04d}")
            imps = sorted(set(imps))
            with open(os.path.join(d, f"f{fi}.go"), "w") as f:
                f.write(f"package p{p:04d}\n\nimport (\n")
                for i in imps:
                    f.write(f'\t_ "{i}"\n')
                f.write(")\n\n" + body.replace("func F", f"func G{fi}_"))
    leaf = os.path.join(out, "internal", l, "leaf")
    os.makedirs(leaf, exist_ok=True)
    with open(os.path.join(leaf, "leaf.go"), "w") as f:
        f.write("package leaf\n\n// L is a leaf.\nconst L = 1\n")
