/**
 * A video archive on Apache Spark: {@code facerec recognize --output-dir} as a Spark job, one
 * task per video, each running the CLI's own {@link facerec.recognize.Recognizer} on an
 * executor that loads the natives, the models and the store once ({@link
 * facerec.spark.ExecutorModels}), and one table of appearances over the archive, as Parquet and
 * JSON lines ({@link facerec.spark.ArchiveJob}). Built as its own jar, so that the CLI stays
 * free of Spark.
 */
package facerec.spark;
