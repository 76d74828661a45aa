"""Master data of the demo bakery chain: categories, products, warehouses, partners, levels.

Codes follow the default product code rule (leaf category code + 4-digit number), barcodes
are EAN-13 with valid check digits (69 is China's GS1 prefix; the company numbers are made up).
"""

from __future__ import annotations

from openjxc.domain.catalog.barcodes import ean13_check_digit
from openjxc.domain.catalog.units import UnitSpec
from openjxc.services.categories import CategoryData
from openjxc.services.partners import ContactData, PartnerData
from openjxc.services.products import ProductData
from openjxc.services.warehouses import WarehouseData


def ean(body: str) -> str:
    """A twelve-digit body with its check digit."""
    return body + ean13_check_digit(body)


WAREHOUSES = [
    WarehouseData("CW", "中央仓", "HQ", address="上海市闵行区春申路 2000 号", keeper="周师傅"),
    WarehouseData("S01", "徐汇店仓", "S01", address="上海市徐汇区天钥桥路 100 号", keeper="刘店长"),
    WarehouseData(
        "S02", "静安店仓", "S02", address="上海市静安区南京西路 1000 号", keeper="孙店长"
    ),
]

CATEGORIES = [
    CategoryData("01", "原料"),
    CategoryData("0101", "乳制品", "01"),
    CategoryData("0102", "粉类", "01"),
    CategoryData("0103", "糖油", "01"),
    CategoryData("0104", "蛋品", "01"),
    CategoryData("02", "成品"),
    CategoryData("0201", "面包", "02"),
    CategoryData("0202", "蛋糕", "02"),
    CategoryData("03", "包装"),
]


def _raw(
    code: str,
    name: str,
    spec: str,
    base_unit: str,
    decimals: int,
    units: tuple[UnitSpec, ...],
    purchase_price: str,
    tax_rate: str = "0.13",
    shelf_life_days: int | None = None,
    valuation_method: str = "moving_average",
) -> ProductData:
    """A raw material: bought, priced by purchase price; perishable ones are batch tracked."""
    return ProductData(
        code=code,
        name=name,
        base_unit=base_unit,
        base_unit_decimals=decimals,
        spec=spec,
        category=code[:4],
        units=units,
        tracking="batch" if shelf_life_days else "none",
        shelf_life_days=shelf_life_days,
        valuation_method=valuation_method,
        tax_rate=tax_rate,
        purchase_price=purchase_price,
    )


def _made(
    code: str,
    name: str,
    spec: str,
    barcode: str,
    units: tuple[UnitSpec, ...],
    list_price: str,
    min_sale_price: str,
    shelf_life_days: int,
) -> ProductData:
    """A product baked in the central kitchen: counted in whole pieces, sold by list price."""
    return ProductData(
        code=code,
        name=name,
        base_unit="个",
        spec=spec,
        category=code[:4],
        units=units,
        barcodes=(barcode,),
        tracking="batch",
        shelf_life_days=shelf_life_days,
        list_price=list_price,
        min_sale_price=min_sale_price,
    )


def _packaging(code: str, name: str, spec: str, pack: int, body: str, price: str) -> ProductData:
    return ProductData(
        code=code,
        name=name,
        base_unit="个",
        spec=spec,
        category="03",
        units=(UnitSpec("包", pack, ean(body)),),
        purchase_price=price,
    )


PRODUCTS = [
    _raw(
        "01010001",
        "淡奶油",
        "1L×12盒/箱",
        "kg",
        3,
        (UnitSpec("盒", 1, ean("690123400011")), UnitSpec("箱", 12, ean("690123400028"))),
        "38.50",
        shelf_life_days=30,
        valuation_method="fifo",
    ),
    _raw(
        "01010002",
        "奶油奶酪",
        "2kg/块",
        "kg",
        3,
        (UnitSpec("块", 2, ean("690123400035")), UnitSpec("箱", 12)),
        "72.00",
        shelf_life_days=90,
    ),
    _raw(
        "01010003",
        "全脂牛奶",
        "1L/盒",
        "盒",
        0,
        (UnitSpec("箱", 12, ean("690123400042")),),
        "9.50",
        tax_rate="0.09",
        shelf_life_days=21,
    ),
    _raw(
        "01020001",
        "高筋面粉",
        "25kg/袋",
        "kg",
        3,
        (UnitSpec("袋", 25, ean("692555100013")),),
        "6.20",
        "0.09",
    ),
    _raw(
        "01020002",
        "低筋面粉",
        "25kg/袋",
        "kg",
        3,
        (UnitSpec("袋", 25, ean("692555100020")),),
        "6.00",
        "0.09",
    ),
    _raw(
        "01020003",
        "全麦粉",
        "10kg/袋",
        "kg",
        3,
        (UnitSpec("袋", 10, ean("692555100037")),),
        "8.50",
        "0.09",
    ),
    _raw("01030001", "白砂糖", "50kg/袋", "kg", 3, (UnitSpec("袋", 50),), "6.80"),
    _raw(
        "01030002", "黄油", "25kg/箱", "kg", 3, (UnitSpec("箱", 25),), "62.00", shelf_life_days=180
    ),
    # fresh eggs are exempt from VAT in China
    _raw("01040001", "鸡蛋", "约 50g/个", "个", 0, (UnitSpec("箱", 360),), "0.75", "0", 30),
    _made(
        "02010001", "吐司", "450g", ean("693888800001"), (UnitSpec("箱", 24),), "12.00", "9.00", 3
    ),
    _made(
        "02010002",
        "牛角包",
        "80g",
        ean("693888800002"),
        (UnitSpec("盒", 6, ean("693888800102")),),
        "8.00",
        "6.00",
        2,
    ),
    _made(
        "02010003",
        "全麦面包",
        "400g",
        ean("693888800003"),
        (UnitSpec("箱", 24),),
        "15.00",
        "12.00",
        3,
    ),
    _made("02020001", "草莓奶油蛋糕", "6寸", ean("693888800011"), (), "168.00", "150.00", 2),
    _made("02020002", "重芝士蛋糕", "6寸", ean("693888800012"), (), "188.00", "168.00", 3),
    _packaging("03000001", "蛋糕盒", "6寸 透明", 50, "692777700015", "1.20"),
    _packaging("03000002", "吐司袋", "450g 吐司用", 100, "692777700022", "0.15"),
    _packaging("03000003", "手提纸袋", "中号 牛皮纸", 100, "692777700039", "0.50"),
]

PARTNERS = [
    PartnerData(
        "GYS001",
        "上海光明乳业供应站",
        "supplier",
        (ContactData("王建国", "13816880001", "wangjianguo@example.com", "销售经理"),),
        "上海市闵行区吴中路 578 号",
        "91310112MA1G8X0001",
        "0.13",
        30,
        strategic=True,
    ),
    PartnerData(
        "GYS002",
        "中粮面粉华东经销部",
        "supplier",
        (
            ContactData("李娜", "13917770002", "lina@example.com", "客户经理"),
            ContactData("陈会计", "021-54880002", "", "财务"),
        ),
        "上海市浦东新区张杨路 1500 号",
        "91310115MA1H2K0002",
        "0.09",
        30,
        strategic=True,
    ),
    PartnerData(
        "GYS003",
        "崇明绿禾蛋品合作社",
        "supplier",
        (ContactData("赵强", "13701230003", "", "社长"),),
        "上海市崇明区城桥镇",
        "",
        "0",
        7,
    ),
    PartnerData(
        "GYS004",
        "上海华美包装材料有限公司",
        "supplier",
        (ContactData("吴敏", "13651230004", "wumin@example.com", "业务员"),),
        "上海市松江区九亭镇",
        "91310117MA1J5L0004",
        "0.13",
        45,
    ),
    PartnerData(
        "KH001",
        "张江科技园企业团购客户",
        "customer",
        (ContactData("陈静", "13512340005", "chenjing@example.com", "行政主管"),),
        "上海市浦东新区张江路 88 号",
        "91310115MA1K7M0005",
        None,
        30,
        "50000.00",
        2,
        True,
    ),
    PartnerData(
        "KH002",
        "街角咖啡馆",
        "customer",
        (ContactData("林晓", "13611110006", "", "店长"),),
        "上海市徐汇区永康路 20 号",
        "",
        None,
        15,
        "5000.00",
        3,
    ),
    PartnerData(
        "WL001",
        "上海味来食品有限公司",
        "both",
        (ContactData("黄伟", "13788880007", "huangwei@example.com", "采购经理"),),
        "上海市嘉定区曹安公路 3000 号",
        "91310114MA1L9N0007",
        "0.13",
        30,
        "20000.00",
        2,
    ),
]

#: (product, warehouse, safety stock, reorder point, maximum), in base units
STOCK_SETTINGS = [
    ("01010001", "CW", "20", "40", "120"),
    ("01020001", "CW", "250", "500", "1500"),
    ("01030001", "CW", "100", "200", "500"),
    ("01040001", "CW", "720", "1080", "3600"),
    ("02010001", "S01", "10", "20", "60"),
    ("02010001", "S02", "8", "16", "48"),
    ("03000001", "S01", "50", "100", "300"),
]
