/**
 * Files that hold faces on their way to an output: hidden temporary siblings named for the
 * process that writes them, so that none outlives its run, committed by a rename (see {@link
 * facerec.files.Temporaries}, and {@link facerec.files.AtomicFiles} for a file written whole);
 * and names that the file system gave but Java cannot give back ({@link facerec.files.FileNames}).
 */
package facerec.files;
