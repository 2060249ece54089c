package facerec.face;

/**
 * A face box in face_recognition's (top, right, bottom, left) order and convention: pixel
 * coordinates where right and bottom are dlib's inclusive corners, as face_recognition reports them.
 */
public record Box(int top, int right, int bottom, int left) implements java.io.Serializable {

    public int width() {
        return right - left;
    }

    public int height() {
        return bottom - top;
    }

    public long area() {
        return (long) width() * height();
    }

    /** face_recognition's {@code _trim_css_to_bounds}: clips to an image of the given size. */
    public Box trim(int imageWidth, int imageHeight) {
        return new Box(Math.max(top, 0), Math.min(right, imageWidth), Math.min(bottom, imageHeight), Math.max(left, 0));
    }

    /** Intersection over union: 1 for the same box, 0 for boxes that do not touch. */
    public double iou(Box other) {
        double w = Math.min(right, other.right) - Math.max(left, other.left);
        double h = Math.min(bottom, other.bottom) - Math.max(top, other.top);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        return w * h / (area() + other.area() - w * h);
    }

    /** Maps a box found on an image scaled by {@code 1/scale} back to the original's pixels. */
    public Box scale(double scale) {
        return new Box((int) (top * scale), (int) (right * scale), (int) (bottom * scale), (int) (left * scale));
    }
}
