/* Lift: keeps the click id of a tracked link (lift_cid) until checkout. */
(function () {
  "use strict";
  try {
    // A second copy of the script on the same page must not post twice.
    if (window.lift && window.lift.clickId) return;

    var NAME = "lift_cid", SENT = "lift_cid_sent";
    // Only ids Lift can have issued are kept: nothing else from the URL
    // ever reaches a cookie or the cart.
    var VALID = /^[A-Za-z0-9_-]{1,64}$/;
    // currentScript is only set while the script first runs, so read it now.
    var tag = document.currentScript;
    var days = parseInt(tag && tag.getAttribute("data-days"), 10);
    if (!(days > 0 && days <= 3650)) days = 30;
    var seen = null; // the id from this page's URL, for when cookies are blocked

    var valid = function (v) {
      return typeof v === "string" && VALID.test(v) ? v : null;
    };
    var fromCookie = function () {
      var m = /(?:^|;\s*)lift_cid=([^;]*)/.exec(document.cookie);
      return m ? valid(m[1]) : null;
    };
    var clickId = function () {
      try { return fromCookie() || seen; } catch (e) { return null; }
    };

    var m = /[?&]lift_cid=([^&#]*)/.exec(location.search);
    if (m) {
      try { seen = valid(decodeURIComponent(m[1])); } catch (e) {}
    }
    if (seen) {
      // Last touch: a newer click replaces the earlier one.
      document.cookie = NAME + "=" + seen + "; path=/; max-age=" + days * 86400 +
        "; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    }

    window.lift = window.lift || {};
    window.lift.clickId = clickId;

    var posted = false;
    var syncCart = function () {
      try {
        var id = clickId();
        if (posted || !id || !window.Shopify || !window.fetch) return;
        try { if (sessionStorage.getItem(SENT) === id) return; } catch (e) {}
        posted = true;
        // The cart attribute travels with the order to Shopify, which is
        // where Lift reads it back.
        fetch("/cart/update.js", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ attributes: { lift_cid: id } })
        }).then(function (r) {
          // Remembered only on success, so a failed post is retried on the next page.
          if (r.ok) try { sessionStorage.setItem(SENT, id); } catch (e) {}
        })["catch"](function () {});
      } catch (e) {}
    };
    // Loaded async the script may run before the store's own scripts have
    // defined window.Shopify; wait for the document to be parsed.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", syncCart);
    } else {
      syncCart();
    }
  } catch (e) {}
})();
