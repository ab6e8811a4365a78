"""The supplier simulator: simulated recharge suppliers over real HTTP.

``python -m orders.simulator --control-port 9100 --channel alpha:9101 --channel beta:9102``
serves one supplier API (``docs/supplier-protocol.md``) per channel, each on its own port, with
merchant id ``sim-<name>``, plus a control API on the control port to change each channel's
behaviour at run time and read its ledger. ``make run`` starts it (``helpdesk/stack.py``);
``tests/orders/conftest.py`` starts one on free ports.

No Django here: the simulator stands in for systems outside the product.
"""

DEFAULT_CONTROL_PORT = 9100
DEFAULT_CHANNELS = (("alpha", 9101), ("beta", 9102), ("gamma", 9103))

# Every channel's secret unless --secret or SUPPLIER_SIM_SECRET says otherwise. Published, so it
# is only for the simulator on a developer's machine; never a real supplier's secret.
DEV_SECRET = "sim-dev-secret-not-for-production"
