/**
 * Files that hold faces on their way to an output: hidden temporary siblings named for the
 * process that writes them, so that none outlives its run (see {@link facerec.files.Temporaries}).
 */
package facerec.files;
