/**
 * The command line: picocli commands that parse options, call the library (encode,
 * recognize) and map failures to the exit codes of docs/FORMATS.md in one place ({@link facerec.cli.Main}).
 */
package facerec.cli;
