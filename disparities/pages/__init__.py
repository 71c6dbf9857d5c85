"""Each page's home: its queries, charts, sentences and sections (`sections(connection, filters)`) in
one folder, `disparities/pages/<key>/`, named by its key in `disparities.registry`."""
