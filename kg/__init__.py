"""kg: a knowledge-graph builder for news about China's platform economy."""

__version__ = "0.1.0"
