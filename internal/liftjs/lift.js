/* Lift: keeps the click id of a tracked link (lift_cid) until checkout. */
(function () {
  "use strict";
  try {
    // A second copy of the script on a page must not post twice.
    if (window.lift && window.lift.clickId) return;
    // Only ids Lift can have issued; nothing else from the URL reaches a cookie.
    var ok = function (v) { return /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : null; };
    // currentScript is only set while the script first runs.
    var tag = document.currentScript;
    var days = parseInt(tag && tag.getAttribute("data-days"), 10);
    if (!(days > 0 && days <= 3650)) days = 30;
    var seen = null; // this page's id, for when cookies are blocked
    var m = /[?&]lift_cid=([^&#]*)/.exec(location.search);
    if (m) try { seen = ok(decodeURIComponent(m[1])); } catch (e) {}
    if (seen) {
      // Last touch: a newer click replaces the earlier one.
      document.cookie = "lift_cid=" + seen + "; path=/; max-age=" + days * 86400 +
        "; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    }
    var clickId = function () {
      try {
        var c = /(?:^|;\s*)lift_cid=([^;]*)/.exec(document.cookie);
        return (c && ok(c[1])) || seen;
      } catch (e) { return null; }
    };
    window.lift = window.lift || {};
    window.lift.clickId = clickId;

    var ss = null; // reading it throws where storage is disabled
    try { ss = window.sessionStorage; } catch (e) {}
    var sync = function () {
      try {
        var id = clickId();
        if (!id || !window.Shopify || !window.fetch) return;
        try { if (ss.getItem("lift_cid_sent") === id) return; } catch (e) {}
        // A cart attribute is copied onto the order, where Lift reads it.
        fetch("/cart/update.js", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ attributes: { lift_cid: id } })
        }).then(function (r) {
          // Only a success counts, so a failed post is retried on the next page.
          if (r.ok) try { ss.setItem("lift_cid_sent", id); } catch (e) {}
        })["catch"](function () {});
      } catch (e) {}
    };
    // Loaded async, the script may run before the store has defined
    // window.Shopify; wait until the document is parsed.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", sync);
    } else {
      sync();
    }
  } catch (e) {}
})();
