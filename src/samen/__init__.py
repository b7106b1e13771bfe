"""samen: help after sexual and gender-based violence for newcomers in the Netherlands."""
