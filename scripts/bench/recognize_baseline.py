"""The baseline of scripts/bench-recognize.sh: the tutorial's video pipeline (OpenCV reads,
face_recognition finds and encodes on a copy resized to width 400 with imutils, votes of
compare_faces name, OpenCV draws and writes MJPG), single-threaded as the tutorial is. One
change: dlib gets RGB, as facerec gives it (the tutorial resized the BGR frame by mistake).
Writes per-frame names as JSON and prints one timing line."""
import json
import sys
import time

import cv2
import face_recognition
import imutils

store, video, out_video, out_names = sys.argv[1:5]
start = time.perf_counter()
data = json.load(open(store))
known = [f["embedding"] for f in data["faces"]]
known_names = [f["name"] for f in data["faces"]]
stream = cv2.VideoCapture(video)
fps = stream.get(cv2.CAP_PROP_FPS)
writer, frames = None, []
while True:
    grabbed, frame = stream.read()
    if not grabbed:
        break
    rgb = imutils.resize(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), width=400)
    r = frame.shape[1] / float(rgb.shape[1])
    boxes = face_recognition.face_locations(rgb, model="hog")
    encodings = face_recognition.face_encodings(rgb, boxes)
    names = []
    for encoding in encodings:
        matches = face_recognition.compare_faces(known, encoding)
        name = "Unknown"
        if True in matches:
            counts = {}
            for i in [i for (i, b) in enumerate(matches) if b]:
                counts[known_names[i]] = counts.get(known_names[i], 0) + 1
            name = max(counts, key=counts.get)
        names.append(name)
    faces = []
    for ((top, right, bottom, left), name) in zip(boxes, names):
        top, right, bottom, left = int(top * r), int(right * r), int(bottom * r), int(left * r)
        cv2.rectangle(frame, (left, top), (right, bottom), (0, 255, 0), 2)
        y = top - 15 if top - 15 > 15 else top + 15
        cv2.putText(frame, name, (left, y), cv2.FONT_HERSHEY_SIMPLEX, 0.75, (0, 255, 0), 2)
        faces.append(dict(name=name, box=dict(top=top, right=right, bottom=bottom, left=left)))
    if writer is None:
        writer = cv2.VideoWriter(out_video, cv2.VideoWriter_fourcc(*"MJPG"), fps, (frame.shape[1], frame.shape[0]), True)
    writer.write(frame)
    frames.append(faces)
writer.release()
seconds = time.perf_counter() - start
json.dump(frames, open(out_names, "w"))
print("python tutorial: %d frames in %.2f s (%.2f frames/s)" % (len(frames), seconds, len(frames) / seconds))
