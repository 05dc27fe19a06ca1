"""The writers: each turns a finished Book into one output file."""
