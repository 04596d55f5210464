"""Built-in checkers, one module per inspection area, each registered as an `archcheck` entry point exactly
like a third-party plugin; `common` and `evidence` hold the judgements several areas make the same way."""
