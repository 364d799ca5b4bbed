#!/usr/bin/env python
from vereinsforum.cli import main

if __name__ == "__main__":
    main()
