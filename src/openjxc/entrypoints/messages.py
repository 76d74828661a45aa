"""Human messages for error codes, in the user's language (zh-CN first, English).

Every code a DomainError can carry has an entry here; a test checks that both languages
have the same codes and that no message misses a parameter.
"""

from __future__ import annotations

from typing import Any

from openjxc.domain.shared.errors import DomainError

MESSAGES: dict[str, dict[str, str]] = {
    "zh-CN": {
        "required": "{field}不能为空",
        "invalid_code": "{field}“{value}”无效：只能使用 1–32 位字母、数字、点、下划线或连字符",
        "too_long": "{field}过长：最多 {max_length} 个字符",
        "invalid_characters": "{field}含有不允许的控制字符",
        "not_a_number": "{field}“{value}”不是有效的数字",
        "too_many_decimals": "{field}“{value}”的小数位过多：最多 {scale} 位",
        "number_too_large": "{field}“{value}”超出允许范围",
        "not_positive": "{field}必须大于 0",
        "negative": "{field}不能为负数",
        "duplicate": "{field}“{value}”已存在",
        "conflict": "数据已被其他操作修改，请刷新后重试（参考号 {reference}）",
        "not_found": "找不到{entity}“{key}”",
        "unknown_reference": "{field}“{value}”不存在",
        "invalid_choice": "{field}的取值“{value}”无效",
        "cyclic_parent": "{field}“{value}”会形成循环的上下级关系",
        "forbidden": "没有权限执行此操作（需要权限 {permission}）",
        "unauthenticated": "请先登录",
        "bad_credentials": "用户名或密码错误",
        "user_disabled": "该用户已停用",
        "invalid_token": "登录凭证无效或已过期，请重新登录",
        "login_locked": "登录失败次数过多，账户已临时锁定至 {until}",
        "password_too_short": "密码至少需要 {min_length} 个字符",
        "password_too_simple": "密码不能全为数字或全为字母",
        "wrong_password": "原密码不正确",
        "invalid_username": "用户名“{value}”不能包含空格",
        "unknown_role": "角色“{value}”不存在",
        "unknown_permission": "权限“{value}”不存在",
        "unknown_language": "不支持的语言“{value}”",
        "builtin_role": "内置角色“{value}”不能修改",
        "cannot_disable_self": "不能停用自己的账户",
        "permission_not_held": "不能授予自己没有的权限：{value}",
        "expiry_in_past": "过期时间必须晚于现在",
        "validation_error": "请求数据有误，请检查后重试",
        "malformed_json": "请求体不是有效的 JSON",
        "payload_too_large": "请求体过大：最多 {max_bytes} 字节",
        "idempotency_key_reused": "该 Idempotency-Key 已用于另一个不同的请求",
        "idempotency_in_progress": "相同 Idempotency-Key 的请求正在处理中，请稍后重试",
        "method_not_allowed": "不支持该请求方法",
        "route_not_found": "接口不存在",
        "internal_error": "服务器内部错误（参考号 {reference}），请联系管理员",
        "in_use": "{entity}“{key}”已被使用，不能删除，只能停用",
        "field_not_editable": "字段{field}不存在或不能修改",
    },
    "en": {
        "required": "{field} is required",
        "invalid_code": "{field} “{value}” is invalid: use 1–32 letters, digits, '.', '_' or '-'",
        "too_long": "{field} is too long: at most {max_length} characters",
        "invalid_characters": "{field} contains control characters",
        "not_a_number": "{field} “{value}” is not a valid number",
        "too_many_decimals": "{field} “{value}” has too many decimals: at most {scale}",
        "number_too_large": "{field} “{value}” is out of range",
        "not_positive": "{field} must be greater than 0",
        "negative": "{field} must not be negative",
        "duplicate": "{field} “{value}” already exists",
        "conflict": "The data was changed by another operation; reload and retry (ref {reference})",
        "not_found": "{entity} “{key}” not found",
        "unknown_reference": "{field} “{value}” does not exist",
        "invalid_choice": "“{value}” is not a valid choice for {field}",
        "cyclic_parent": "{field} “{value}” would make the hierarchy a cycle",
        "forbidden": "You are not allowed to do this (needs permission {permission})",
        "unauthenticated": "Please log in first",
        "bad_credentials": "Wrong username or password",
        "user_disabled": "This user is disabled",
        "invalid_token": "The token is invalid or has expired; please log in again",
        "login_locked": "Too many failed logins; the account is locked until {until}",
        "password_too_short": "The password needs at least {min_length} characters",
        "password_too_simple": "The password must not be only digits or only letters",
        "wrong_password": "The old password is wrong",
        "invalid_username": "Username “{value}” must not contain spaces",
        "unknown_role": "Role “{value}” does not exist",
        "unknown_permission": "Permission “{value}” does not exist",
        "unknown_language": "Language “{value}” is not supported",
        "builtin_role": "Built-in role “{value}” cannot be changed",
        "cannot_disable_self": "You cannot disable your own account",
        "permission_not_held": "You cannot grant permissions you do not hold: {value}",
        "expiry_in_past": "The expiry must be in the future",
        "validation_error": "The request is invalid; check the details",
        "malformed_json": "The request body is not valid JSON",
        "payload_too_large": "The request body is too large: at most {max_bytes} bytes",
        "idempotency_key_reused": "This Idempotency-Key was used for a different request",
        "idempotency_in_progress": "A request with this Idempotency-Key is in progress; retry later",
        "method_not_allowed": "Method not allowed",
        "route_not_found": "No such endpoint",
        "internal_error": "Internal error (ref {reference}); please contact the administrator",
        "in_use": "{entity} “{key}” is in use: deactivate it instead of deleting it",
        "field_not_editable": "Field {field} does not exist or cannot be changed",
    },
}

#: names of fields and entities, for the {field} and {entity} parameters
LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "code": "编码",
        "name": "名称",
        "name_en": "英文名称",
        "kind": "类型",
        "parent": "上级",
        "address": "地址",
        "phone": "电话",
        "username": "用户名",
        "display_name": "姓名",
        "password": "密码",
        "old_password": "原密码",
        "roles": "角色",
        "permissions": "权限",
        "language": "语言",
        "active": "启用",
        "expires_at": "过期时间",
        "amount": "金额",
        "price": "价格",
        "qty": "数量",
        "rate": "比率",
        "value": "数值",
        "body": "请求体",
        "organisation": "组织",
        "user": "用户",
        "role": "角色",
        "token": "令牌",
    },
    "en": {},
}


def label(key: str, language: str) -> str:
    """A field or entity name in the language; English falls back to the key itself."""
    return LABELS.get(language, {}).get(key) or key.replace("_", " ")


def render(code: str, params: dict[str, Any], language: str) -> str:
    catalog = MESSAGES.get(language) or MESSAGES["en"]
    template = catalog.get(code) or MESSAGES["en"].get(code) or code
    values = {
        k: label(str(v), language) if k in ("field", "entity") else v for k, v in params.items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def describe(error: DomainError, language: str) -> dict[str, Any]:
    """The error body: ``{"code", "message", "details": [...]}``."""
    details = [{**d, "message": render(str(d.get("code", "")), d, language)} for d in error.details]
    if not details and "field" in error.params:
        details = [{"field": error.params["field"], "code": error.code}]
    return {
        "code": error.code,
        "message": render(error.code, error.params, language),
        "details": details,
    }
