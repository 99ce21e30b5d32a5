"""Alert rules and the runbook checked against each other: rule files in, typed records, diagnostics out.

``rules`` reads Prometheus, Thanos, Mimir, Loki, PrometheusRule and Grafana provisioning files
into records with their places; ``site`` knows the runbook's published address, pages and
anchors; ``compare`` holds the two sides against each other as data; ``listed`` finds the rule
files runbook.yaml names.
"""
