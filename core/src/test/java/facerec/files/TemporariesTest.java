package facerec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hidden temporaries a run may remove: those of ended processes only, and only its outputs'. */
class TemporariesTest {
    @TempDir
    Path dir;

    @Test
    void theOwnerIsReadFromTheNameAfterTheTarget() {
        assertEquals("123-456", Temporaries.ownerOf("123-456.789.tmp"));
        assertNull(Temporaries.ownerOf("123-456"));
        assertNull(Temporaries.ownerOf("6041183575971138561.frames"));
        assertNull(Temporaries.ownerOf("x-1.tmp"));
        assertNull(Temporaries.ownerOf("12-.tmp"));
    }

    @Test
    void onlyTheTemporariesOfEndedProcessesAreRemoved() throws Exception {
        Path target = dir.resolve("out.json");
        // A process that has ended, as its name was recorded while it ran.
        Process p = new ProcessBuilder("sleep", "60").start();
        String ended = p.pid() + "-" + p.info().startInstant().orElseThrow().toEpochMilli();
        Path live = Files.createFile(dir.resolve(".out.json." + ended + ".77.tmp"));
        assertEquals(List.of(), Temporaries.removeStale(target));
        assertTrue(Files.exists(live));
        p.destroy();
        p.waitFor();
        Path stale = Files.createFile(dir.resolve(".out.json." + ended + ".1234.tmp"));
        Path staleSpool = Files.createFile(dir.resolve(".out.json." + ended + ".99.frames"));
        // The same PID started at another time is another process; so is a PID that never ran.
        Path reused = Files.createFile(dir.resolve(".out.json." + ProcessHandle.current().pid() + "-1.5.tmp"));
        Path mine = Temporaries.create(target, ".tmp");
        Path oldStyle = Files.createFile(dir.resolve(".out.json.6041183575971138561.tmp"));
        Path otherOutput = Files.createFile(dir.resolve(".other.json." + ended + ".1.tmp"));
        Path visible = Files.createFile(dir.resolve("out.json." + ended + ".1.tmp"));

        List<Path> removed = Temporaries.removeStale(target);

        assertEquals(4, removed.size(), removed::toString);
        assertFalse(Files.exists(live));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleSpool));
        assertFalse(Files.exists(reused));
        for (Path kept : List.of(mine, oldStyle, otherOutput, visible)) {
            assertTrue(Files.exists(kept), kept::toString);
        }
        assertTrue(mine.getFileName().toString().startsWith(".out.json." + Temporaries.OWNER + "."), mine::toString);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
        assertTrue(Temporaries.removeOwn() >= 1);
        assertFalse(Files.exists(mine));
    }

    /**
     * An unknown person's folder is written whole under a temporary name: one that a killed run
     * left (crops of a face) is removed with what is in it, and a link inside is removed, not followed.
     */
    @Test
    void aFolderThatAnEndedProcessLeftIsRemovedWholeWithoutFollowingALinkInIt() throws Exception {
        Path target = dir.resolve("unknown");
        Process p = new ProcessBuilder("sleep", "60").start();
        String ended = p.pid() + "-" + p.info().startInstant().orElseThrow().toEpochMilli();
        p.destroy();
        p.waitFor();
        Path victim = Files.writeString(dir.resolve("victim"), "someone else's file");
        Path stale = Files.createDirectory(dir.resolve(".unknown." + ended + ".4242"));
        Files.write(stale.resolve("face-1.jpg"), new byte[100]);
        Files.createSymbolicLink(stale.resolve("face-2.jpg"), victim);
        Path mine = Temporaries.createDirectory(target);
        Files.write(mine.resolve("face-1.jpg"), new byte[100]);

        assertEquals(List.of(stale), Temporaries.removeStale(target));
        assertFalse(Files.exists(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("someone else's file", Files.readString(victim));
        assertTrue(Files.isDirectory(mine));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
        Temporaries.remove(mine);
        assertFalse(Files.exists(mine));
    }

    /** A commit replaces what is at the target's name, a link too, and never writes through the link. */
    @Test
    void aCommitReplacesTheTargetAndALinkThereIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "theirs");
        Path target = dir.resolve("out.json");
        Files.createSymbolicLink(target, elsewhere);
        Path tmp = Temporaries.create(target, ".tmp");
        Files.writeString(tmp, "ours");
        Temporaries.commit(tmp, target);
        assertFalse(Files.isSymbolicLink(target));
        assertEquals("ours", Files.readString(target));
        assertEquals("theirs", Files.readString(elsewhere));
        assertFalse(Files.exists(tmp));
        // Committed, it is no longer this process's to remove: the output stays.
        Temporaries.removeOwn();
        assertEquals("ours", Files.readString(target));
    }
}
