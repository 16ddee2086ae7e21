"""Benchmarks: quality and speed figures printed beside baselines measured in the same run."""
