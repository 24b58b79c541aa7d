"""Python analysis steps: plain functions on DataFrames read from the marts, written back as
analysis tables that dbt tests (tag:analysis) and the serving copy pick up."""
