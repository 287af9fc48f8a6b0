/** @odoo-module **/

import { browser } from "@web/core/browser/browser";
import { user } from "@web/core/user";

/**
 * What the overview and the workspace remember between screens, per user and
 * per browser tab (session storage): the pool chosen in the overview (kept on
 * Back and on reload) and the customers of the grid a workspace was opened
 * from, in the grid's order (the workspace's next / previous customer).
 */
export const WORKSPACE_ACTION = "account_collections_automation.collections_customer_workspace_action";

function key(name) {
    return `account_collections_automation.${name}.${user.userId}`;
}

function read(name, fallback) {
    try {
        const value = browser.sessionStorage.getItem(key(name));
        return value === null ? fallback : JSON.parse(value);
    } catch {
        return fallback;
    }
}

function write(name, value) {
    browser.sessionStorage.setItem(key(name), JSON.stringify(value));
}

/** The pool chosen in the overview: an id, false for all customers, null if none chosen. */
export function readPool() {
    return read("pool", null);
}

export function storePool(poolId) {
    write("pool", poolId || false);
}

/** The customer ids of the grid the workspace was opened from. */
export function readCustomerList() {
    const ids = read("customers", []);
    return Array.isArray(ids) ? ids.filter(Number.isInteger) : [];
}

export function storeCustomerList(ids) {
    write("customers", ids);
}
