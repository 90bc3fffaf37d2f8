"""The Spark session: quiet, offline, with the workers running this interpreter."""

from __future__ import annotations

import os
import sys
import tempfile

from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
LOCAL_DRIVER_MEMORY = "2g"


def spark_session(master: str | None = None, *, app_name: str = "everyside") -> SparkSession:
    """Start (or reuse) a Spark session; ``master`` None leaves it to ``spark-submit``.

    The web UI is off and scratch space is under the temporary directory, so a run opens
    no port and writes nothing beside the data it was asked for.
    """
    # The Python workers must import everyside: on a cluster the executors' interpreter is
    # set by the deployment; locally it is the one running this code.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.local.dir", tempfile.mkdtemp(prefix="everyside-spark-"))
        .config("spark.sql.session.timeZone", "UTC")
        # Python workers are reused across tasks: the spaCy and USE models load once each.
        .config("spark.python.worker.reuse", "true")
        # A row of the analyses and features tables holds an article's annotations as
        # JSON (kilobytes): the default 4,096-row Parquet batches ran the 1 GB heap out
        # reading 20,000 analysed articles.
        .config("spark.sql.parquet.columnarReaderBatchSize", "256")
    )
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            # The tasks run in the driver's JVM; on a cluster spark-submit sizes it.
            builder = builder.config("spark.driver.memory", LOCAL_DRIVER_MEMORY)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
