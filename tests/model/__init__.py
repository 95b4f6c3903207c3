"""The visibility model: the oracle and the stateful whole-system test."""
