package facerec.files;

import facerec.FacerecException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One writer at a time for an output that a run rebuilds from scratch (the store): two encodes
 * of one store would each write their own, and the last would silently discard the other's work.
 * The lock is the kernel's, on a hidden empty sibling ({@code .NAME.lock}) that stays: a killed
 * writer's lock goes with its process, and a lock file that is removed while another process
 * waits on it would let a third one in.
 */
public final class WriterLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code target}, or fails at once, naming the process that holds it. */
    public static WriterLock take(Path target) {
        Path file = target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new FacerecException(target + " is being written by another run" + holder
                        + ": wait for it to end, as one would replace the other's work");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new WriterLock(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw new FacerecException("cannot lock " + target + " for writing (" + file.getFileName() + "): "
                    + FacerecException.reason(e), e);
        }
    }

    /** " (process N)" as the holder wrote it, or nothing. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24);
        channel.read(b, 0);
        String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("\\d{1,19}") ? " (process " + pid + ")" : "";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        }
    }
}
