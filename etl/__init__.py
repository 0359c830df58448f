"""minzheng-stats: turn Chinese civil-affairs (民政) reports into queryable facts."""

__version__ = "0.1.0"
