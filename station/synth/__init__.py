"""Synthetic pages and mail for tests, benchmarks and the virtual scanner's demo stack."""
