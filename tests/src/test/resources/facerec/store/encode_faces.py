"""The tutorial's encode_faces.py (PyImageSearch's "Face recognition with OpenCV, Python, and deep
learning", 2018), as its readers run it: every photo of DATASET/<name>/, read by OpenCV, turned
to RGB, each face found and embedded by face_recognition, and the lists pickled as it pickles them.
Usage: encode_faces.py -i DATASET -e encodings.pickle [-d hog|cnn]"""
import argparse
import os
import pickle

import cv2
import face_recognition
from imutils import paths

ap = argparse.ArgumentParser()
ap.add_argument("-i", "--dataset", required=True)
ap.add_argument("-e", "--encodings", required=True)
ap.add_argument("-d", "--detection-method", type=str, default="cnn")
args = vars(ap.parse_args())

knownEncodings = []
knownNames = []
for imagePath in sorted(paths.list_images(args["dataset"])):
    name = imagePath.split(os.path.sep)[-2]
    image = cv2.imread(imagePath)
    rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb, model=args["detection_method"])
    for encoding in face_recognition.face_encodings(rgb, boxes):
        knownEncodings.append(encoding)
        knownNames.append(name)

data = {"encodings": knownEncodings, "names": knownNames}
f = open(args["encodings"], "wb")
f.write(pickle.dumps(data))
f.close()
