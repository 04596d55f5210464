"""A plugin whose import never finishes on its own (it waits on the network, say)."""

import time

time.sleep(3600)
