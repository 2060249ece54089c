/**
 * The command line: picocli commands that parse options, call the library (encode,
 * recognize) and map failures to CONTRACT.md's exit codes in one place ({@link facerec.cli.Main}).
 */
package facerec.cli;
