// Lift dashboard: charts, copy buttons and small conveniences. Every page
// works without this script; it only adds to them.
(function () {
  "use strict";

  function money(currency) {
    var full, short;
    try {
      full = new Intl.NumberFormat(undefined, { style: "currency", currency: currency });
      short = new Intl.NumberFormat(undefined, { style: "currency", currency: currency, notation: "compact", maximumFractionDigits: 1 });
    } catch (e) {
      full = short = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
    return { full: function (v) { return v == null ? "—" : full.format(v); }, short: function (v) { return short.format(v); } };
  }

  var count = new Intl.NumberFormat(undefined);
  var compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

  function dayLabel(ts, zone) {
    try {
      return new Date(ts * 1000).toLocaleDateString(undefined, { timeZone: zone, month: "short", day: "numeric", year: "numeric" });
    } catch (e) {
      return new Date(ts * 1000).toISOString().slice(0, 10);
    }
  }

  // postsByDay groups the post markers by day.
  function postsByDay(posts) {
    var m = {};
    posts.forEach(function (p) { (m[p.day] = m[p.day] || []).push(p.label); });
    return m;
  }

  // flagGroups gathers the post days whose flags would touch (closer than
  // gap canvas pixels, as on a phone) into one, left to right.
  function flagGroups(u, byDay, gap) {
    var left = u.bbox.left, right = u.bbox.left + u.bbox.width, groups = [];
    Object.keys(byDay).map(Number).sort(function (a, b) { return a - b; }).forEach(function (day) {
      var x = Math.round(u.valToPos(day, "x", true));
      if (x < left || x > right) return;
      var g = groups[groups.length - 1];
      if (g && x - g.x < gap) {
        g.posts += byDay[day].length;
        g.days++;
      } else {
        groups.push({ x: x, posts: byDay[day].length, days: 1 });
      }
    });
    return groups;
  }

  // drawPosts puts a dashed line and a flag on each day with a post; days
  // too close to tell apart share one flag that counts their posts.
  function drawPosts(u, byDay) {
    var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
    var ratio = window.devicePixelRatio || 1;
    var groups = flagGroups(u, byDay, 11 * ratio); // a flag is 9 px wide
    u.root.setAttribute("data-flags", groups.length);
    ctx.save();
    groups.forEach(function (g) {
      var x = g.x;
      ctx.strokeStyle = "rgba(217, 119, 6, 0.75)";
      ctx.lineWidth = ratio;
      ctx.setLineDash([4 * ratio, 3 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "#d97706";
      if (g.days > 1) {
        var label = String(g.posts), h = 14 * ratio;
        ctx.font = "600 " + 11 * ratio + "px system-ui, sans-serif";
        var w = ctx.measureText(label).width + 8 * ratio;
        ctx.fillRect(x, top, w, h);
        ctx.fillStyle = "#fff";
        ctx.textBaseline = "middle";
        ctx.fillText(label, x + 4 * ratio, top + h / 2);
        return;
      }
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x + 9 * ratio, top + 4 * ratio);
      ctx.lineTo(x, top + 8 * ratio);
      ctx.closePath();
      ctx.fill();
    });
    ctx.restore();
  }

  function chart(el) {
    var src = document.getElementById(el.getAttribute("data-chart"));
    if (!src || !window.uPlot) return;
    var d = JSON.parse(src.textContent);
    if (!d.days || !d.days.length) return;
    var fmt = money(d.currency);
    var byDay = postsByDay(d.posts || []);
    var caption = document.createElement("p");
    caption.className = "note chart-posts";
    var marked = Object.keys(byDay).length;
    var idle = marked ? marked + (marked === 1 ? " day has" : " days have") + " a post: point at a flag to see which." : "No posts in this period.";
    caption.textContent = idle;
    el.insertAdjacentElement("afterend", caption);
    var grid = { stroke: "#eef0f4", width: 1 };
    var axis = { stroke: "#5a6372", grid: grid, ticks: { stroke: "#e2e5eb", width: 1 }, font: "12px system-ui, sans-serif" };
    var opts = {
      width: el.clientWidth,
      height: 280,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), d.zone); },
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: { time: true },
        clicks: { range: function (u, min, max) { return [0, Math.max(1, max * 1.15)]; } },
        revenue: { range: function (u, min, max) { return [0, Math.max(1, max * 1.15)]; } }
      },
      series: [
        { label: "Day", value: function (u, v) { return v == null ? "" : dayLabel(v, d.zone); } },
        {
          label: "Clicks", scale: "clicks", stroke: "#6366f1", fill: "rgba(99, 102, 241, 0.28)", width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 36] }), points: { show: false },
          value: function (u, v) { return v == null ? "—" : count.format(v); }
        },
        {
          label: "Revenue", scale: "revenue", stroke: "#059669", width: 2, points: { show: false },
          value: function (u, v) { return fmt.full(v); }
        }
      ],
      axes: [
        Object.assign({}, axis),
        Object.assign({}, axis, { scale: "clicks", size: 50, values: function (u, vs) { return vs.map(function (v) { return compact.format(v); }); } }),
        Object.assign({}, axis, { scale: "revenue", side: 1, size: 64, grid: { show: false }, values: function (u, vs) { return vs.map(fmt.short); } })
      ],
      hooks: {
        draw: [function (u) { drawPosts(u, byDay); }],
        setCursor: [function (u) {
          var i = u.cursor.idx;
          // Off the chart the legend shows the last day, not dashes.
          if (i == null) u.setLegend({ idx: u.data[0].length - 1 }, false);
          var labels = i == null ? null : byDay[u.data[0][i]];
          caption.textContent = labels ? "Posted " + dayLabel(u.data[0][i], d.zone) + ": " + labels.join(", ") : idle;
        }]
      }
    };
    var data = [d.days, d.clicks, d.revenue.map(function (c) { return c / 100; })];
    var toggle = document.querySelector('[data-compare="' + el.getAttribute("data-chart") + '"]');
    if (d.prev && toggle) {
      // The previous period, day for day, hidden until asked for.
      var before = function (day) { return dayLabel(day - d.prev.days * 86400, d.zone); };
      opts.series.push({
        label: "Clicks before", scale: "clicks", stroke: "#818cf8", width: 1.5, dash: [4, 3], show: false, points: { show: false },
        value: function (u, v, s, i) { return v == null ? "—" : count.format(v) + (i == null ? "" : " (" + before(u.data[0][i]) + ")"); }
      }, {
        label: "Revenue before", scale: "revenue", stroke: "#6ee7b7", width: 2, dash: [6, 4], show: false, points: { show: false },
        value: function (u, v) { return fmt.full(v); }
      });
      data.push(d.prev.clicks, d.prev.revenue.map(function (c) { return c / 100; }));
    }
    var plot = new uPlot(opts, data, el);
    if (d.prev && toggle) {
      toggle.closest("label").hidden = false;
      var showPrev = function () {
        plot.setSeries(3, { show: toggle.checked });
        plot.setSeries(4, { show: toggle.checked });
        el.setAttribute("data-previous", toggle.checked ? "shown" : "hidden");
      };
      toggle.addEventListener("change", showPrev);
      showPrev();
    }
    plot.setLegend({ idx: d.days.length - 1 }, false);
    var ro = new ResizeObserver(function () { plot.setSize({ width: el.clientWidth, height: 280 }); });
    ro.observe(el);
  }

  function copy(btn) {
    var text = btn.getAttribute("data-copy");
    var done = function () {
      var was = btn.textContent;
      btn.textContent = "Copied";
      btn.classList.add("done");
      setTimeout(function () { btn.textContent = was; btn.classList.remove("done"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  // fallbackCopy copies where the clipboard API is not offered (plain
  // HTTP on another host than localhost).
  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.className = "sr-only";
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(ta);
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (btn) {
      e.preventDefault();
      copy(btn);
    }
  });

  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // A search box over a table hides the rows that do not hold its text.
  document.addEventListener("input", function (e) {
    var sel = e.target.getAttribute("data-filter");
    if (!sel) return;
    var q = e.target.value.trim().toLowerCase();
    var rows = document.querySelectorAll(sel + " tbody tr");
    var shown = 0;
    rows.forEach(function (tr) {
      tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      if (!tr.hidden) shown++;
    });
    var n = document.querySelector(sel + " .table-actions .count");
    if (n) n.textContent = q === "" ? rows.length + (rows.length === 1 ? " row" : " rows") : shown + " of " + rows.length + " rows";
  });

  // The "All KPIs" button shows the folded columns without reloading the
  // page, and keeps the address, the sort links and the filters in step
  // so that a reload or a sort keeps them shown.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("kpi-toggle")) return;
    var btn = form.querySelector("button[aria-controls]");
    var wrap = btn && document.getElementById(btn.getAttribute("aria-controls"));
    if (!wrap) return;
    e.preventDefault();
    var on = btn.getAttribute("aria-pressed") !== "true";
    btn.setAttribute("aria-pressed", on ? "true" : "false");
    wrap.classList.toggle("all", on);
    var withKPIs = function (href) {
      var u = new URL(href, location.href);
      if (on) u.searchParams.set("kpis", "all"); else u.searchParams.delete("kpis");
      return u.pathname + u.search + u.hash;
    };
    history.replaceState(history.state, "", withKPIs(location.href));
    document.querySelectorAll(".table-wrap th a[href]").forEach(function (a) { a.setAttribute("href", withKPIs(a.getAttribute("href"))); });
    document.querySelectorAll("form.filters").forEach(function (f) {
      var keep = f.querySelector('input[type="hidden"][name="kpis"]');
      if (on && !keep) {
        keep = document.createElement("input");
        keep.type = "hidden";
        keep.name = "kpis";
        keep.value = "all";
        f.appendChild(keep);
      } else if (!on && keep) {
        keep.remove();
      }
    });
    if (!on) wrap.scrollLeft = 0;
  });

  document.addEventListener("change", function (e) {
    if (e.target.hasAttribute("data-autosubmit")) e.target.form.submit();
  });

  function start() {
    document.querySelectorAll("[data-chart]").forEach(chart);
    // On a phone the menu scrolls sideways: show where the page is.
    var here = document.querySelector('.nav [aria-current="page"]');
    if (here && here.parentElement.scrollWidth > here.parentElement.clientWidth) {
      here.parentElement.scrollLeft = here.offsetLeft - 16;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
