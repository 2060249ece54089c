"""The baseline of scripts/bench-encode.sh: face_recognition 1.3.0 (dlib-bin) on the same
photos and settings as `facerec encode` (HOG, upsample 1, 5 landmarks, 1 jitter, every face).
Writes the embeddings as a facerec-style store and prints one timing line."""
import json
import os
import sys
import time

import face_recognition

dataset, out = sys.argv[1], sys.argv[2]
photos = sorted(os.path.join(d, f) for d, _, fs in os.walk(dataset) for f in fs)
faces, stage = [], dict(decode=0.0, detect=0.0, align_embed=0.0)
start = time.perf_counter()
for path in photos:
    t0 = time.perf_counter()
    image = face_recognition.load_image_file(path)
    t1 = time.perf_counter()
    boxes = face_recognition.face_locations(image)
    t2 = time.perf_counter()
    encodings = face_recognition.face_encodings(image, boxes)
    t3 = time.perf_counter()
    stage["decode"] += t1 - t0
    stage["detect"] += t2 - t1
    stage["align_embed"] += t3 - t2
    rel = os.path.relpath(path, dataset).replace(os.sep, "/")
    for (top, right, bottom, left), e in zip(boxes, encodings):
        faces.append(dict(image=rel, box=dict(top=top, right=right, bottom=bottom, left=left), embedding=list(e)))
seconds = time.perf_counter() - start
json.dump(dict(faces=faces), open(out, "w"))
print("python: %d photos in %.2f s (%.2f photos/s); decode %.0f ms, detect %.0f ms, align+embed %.0f ms"
      % (len(photos), seconds, len(photos) / seconds, stage["decode"] * 1e3, stage["detect"] * 1e3,
         stage["align_embed"] * 1e3))
