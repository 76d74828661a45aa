"""Retail use cases: terminals, posting 零售单/零售退货, the sync API and the 异常单 queue."""
