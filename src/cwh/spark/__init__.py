"""The warehouse on Apache Spark: session with the project's UDFs, raw loader, Python steps, build."""
