package facerec.files;

/**
 * File names that Java could not decode. Linux names are bytes; Java decodes them in the
 * charset of the locale it started in (sun.jnu.encoding), and every byte sequence that is not
 * valid there becomes U+FFFD. Such a name, as a string, leads to no file: "caf\xe9" from a
 * Latin-1 system, or every accented name when the JVM runs without a UTF-8 locale (cron,
 * a bare container), where Java reads names as ASCII.
 */
public final class FileNames {
    private FileNames() {}

    /** Why the name cannot stand for its file, with what to do; null when it can. */
    public static String undecodable(String name) {
        if (name == null || name.indexOf('\uFFFD') < 0) {
            return null;
        }
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        return charset.equalsIgnoreCase("UTF-8") ? "its name is not valid UTF-8: rename it"
                : "its name is not in " + charset + ", the character set Java reads file names in here: run facerec"
                        + " in a UTF-8 locale (LANG=C.UTF-8), as scripts/facerec does, or rename it";
    }
}
