from . import (
    collection_credit_group,
    collection_demo,
    res_company,
    res_config_settings,
    res_partner,
)
