"""What every simulated supplier sells: product code → kind and face value (fen)."""

from __future__ import annotations

import re
from dataclasses import dataclass

PHONE = "phone"  # the account is a mainland mobile number: 11 digits starting with 1
GAME = "game"  # the account is a game account: any non-empty text

PHONE_NUMBER = re.compile(r"1\d{10}")


@dataclass(frozen=True)
class Product:
    code: str
    kind: str
    face_value: int  # fen


PRODUCTS: dict[str, Product] = {
    product.code: product
    for product in (
        Product("mobile-10", PHONE, 1_000),
        Product("mobile-30", PHONE, 3_000),
        Product("mobile-50", PHONE, 5_000),
        Product("mobile-100", PHONE, 10_000),
        Product("data-1g", PHONE, 3_000),
        Product("game-60", GAME, 6_000),
    )
}


def account_is_valid(product: Product, account: str) -> bool:
    if product.kind == PHONE:
        return PHONE_NUMBER.fullmatch(account) is not None
    return bool(account.strip())
