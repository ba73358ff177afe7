/* kg graph page: every word the page itself writes (status lines, messages,
   its own headings), in Chinese and English, in this one table. It comes
   first in the page's script; graph.js tells it the language (kg.setLang)
   and it rewrites what it wrote. Static elements opt in with
   data-kg-s="key" (their text) or data-kg-placeholder="key". */
(function () {
  "use strict";

  var TABLE = {
    en: {
      "counts": "Showing {n} of {total} entities, {m} of {mtotal} relations",
      "search.none": "No entity matches “{q}”.",
      "search.found": "Found {label} ({type}).",
      "year.none": "(no dated relations)",
      "range.all": "all",
      "range.span": "{span}",
      "range.play": "\u25b6 Play years",
      "range.stop": "\u25a0 Stop",
      "range.undated": "{n} relations without a date",
      "range.undated1": "1 relation without a date",
      "evidence.more": "+{n} more: click the relation",
      "source.reposts": "and {n} reposts",
      "source.repost": "and 1 repost",
      "paths.title": "How are two entities connected?",
      "paths.from": "from: name, alias or English name",
      "paths.to": "to: name, alias or English name",
      "paths.go": "Find paths",
      "paths.scope": "Over the relations the filters show.",
      "paths.same": "Pick two different entities: both boxes name {label}.",
      "paths.hidden": "{label} is hidden by the filters.",
      "paths.none": "No path links {a} and {b} over the relations shown.",
      "paths.found": "{count} shortest paths of length {steps} link {a} and {b}.",
      "paths.found1": "One shortest path of length {steps} links {a} and {b}.",
      "paths.limited": "{count} shortest paths of length {steps} link {a} and {b}; the first {shown} are listed.",
      "paths.path": "Path {i}: {chain}",
      "paths.above": "(evidence above)",
      "evidence.title": "Search the evidence",
      "evidence.box": "a word of a sentence, e.g. 罚款",
      "evidence.go": "Search",
      "evidence.found": "{count} relations shown have evidence containing “{q}”.",
      "evidence.found1": "One relation shown has evidence containing “{q}”.",
      "evidence.none": "No relation shown has evidence containing “{q}”.",
      "evidence.hidden": "{n} more among the relations the filters hide.",
      "evidence.limited": "The first {n} are listed; the graph shows them all.",
      "evidence.click": "Click a relation to focus it.",
      "fold.leaves": "fold {n} leaves into their neighbour (a focus unfolds them)",
      "panel.toggle": "\u2630 Controls",
      /* the page's own headings, labels and buttons (data-kg-s in graph.html) */
      "ui.labels": "Labels", "ui.find": "Find an entity", "ui.names": "name, alias or English name", "ui.go": "Go",
      "ui.years": "Years", "ui.from": "From", "ui.to": "To", "ui.types": "Entity types", "ui.all": "all",
      "ui.none": "none", "ui.isolated": "hide entities without a shown relation", "ui.relations": "Relations",
      "ui.stated": "stated (effective, announced)", "ui.rumor": "rumor or forecast", "ui.negated": "negated",
      "ui.thicker": "thicker: more source documents", "ui.layout": "Layout", "ui.physics": "live physics",
      "ui.fit": "Fit to screen", "ui.png": "Save as PNG", "ui.loading": "Laying out the graph\u2026",
      "ui.focus": "Focus", "ui.hop1": "1 hop", "ui.hop2": "2 hops",
      "ui.hint": "Hover an entity or a relation for its details; click an entity to focus it " +
                 "(Esc or a click on empty space clears)."
    },
    zh: {
      "ui.labels": "标签", "ui.find": "查找实体", "ui.names": "名称、别名或英文名", "ui.go": "查找",
      "ui.years": "年份", "ui.from": "从", "ui.to": "到", "ui.types": "实体类型", "ui.all": "全部",
      "ui.none": "全不选", "ui.isolated": "隐藏没有显示关系的实体", "ui.relations": "关系",
      "ui.stated": "陈述（生效、已宣布）", "ui.rumor": "传闻或预测", "ui.negated": "已否认",
      "ui.thicker": "越粗：来源文章越多", "ui.layout": "布局", "ui.physics": "实时物理布局",
      "ui.fit": "适应屏幕", "ui.png": "保存为 PNG", "ui.loading": "正在布局\u2026",
      "ui.focus": "聚焦", "ui.hop1": "1 跳", "ui.hop2": "2 跳",
      "ui.hint": "悬停在实体或关系上查看详情；点击实体以聚焦（按 Esc 或点击空白处清除）。",
      "counts": "显示 {n} / {total} 个实体，{m} / {mtotal} 条关系",
      "search.none": "没有与“{q}”匹配的实体。",
      "search.found": "找到 {label}（{type}）。",
      "year.none": "（没有带日期的关系）",
      "range.all": "全部",
      "range.span": "{span}",
      "range.play": "\u25b6 逐年播放",
      "range.stop": "\u25a0 停止",
      "range.undated": "{n} 条没有日期的关系",
      "range.undated1": "1 条没有日期的关系",
      "evidence.more": "另有 {n} 条：点击该关系查看",
      "source.reposts": "另有 {n} 篇转载",
      "source.repost": "另有 1 篇转载",
      "paths.title": "两个实体如何关联？",
      "paths.from": "起点：名称、别名或英文名",
      "paths.to": "终点：名称、别名或英文名",
      "paths.go": "查找路径",
      "paths.scope": "仅限筛选后显示的关系。",
      "paths.same": "请选择两个不同的实体：两栏都是 {label}。",
      "paths.hidden": "{label} 已被筛选隐藏。",
      "paths.none": "在显示的关系中，{a} 与 {b} 之间没有路径。",
      "paths.found": "{a} 与 {b} 之间有 {count} 条最短路径，各 {steps} 步。",
      "paths.found1": "{a} 与 {b} 之间有 1 条最短路径，{steps} 步。",
      "paths.limited": "{a} 与 {b} 之间有 {count} 条最短路径，各 {steps} 步；下面列出前 {shown} 条。",
      "paths.path": "路径 {i}：{chain}",
      "paths.above": "（证据见上文）",
      "evidence.title": "搜索证据",
      "evidence.box": "句中的词，如“罚款”",
      "evidence.go": "搜索",
      "evidence.found": "显示的关系中有 {count} 条的证据含“{q}”。",
      "evidence.found1": "显示的关系中有 1 条的证据含“{q}”。",
      "evidence.none": "显示的关系中没有证据含“{q}”的关系。",
      "evidence.hidden": "另有 {n} 条在被筛选隐藏的关系中。",
      "evidence.limited": "下面列出前 {n} 条；图中显示全部。",
      "evidence.click": "点击一条关系以聚焦。",
      "fold.leaves": "将 {n} 个叶子实体收入其相邻实体（聚焦时展开）",
      "panel.toggle": "\u2630 控制面板",
      /* the details' field names; English keeps the names themselves */
      "field.English": "英文名", "field.aliases": "别名", "field.relations": "关系数", "field.mentions": "提及次数",
      "field.documents": "文档", "field.status": "状态", "field.date": "日期", "field.amount": "金额",
      "field.rate": "费率", "field.scope": "范围", "field.action": "措施", "field.what": "内容",
      "field.sources": "来源数", "field.confidence": "置信度"
    }
  };

  var lang = "zh", said = [], listeners = [];

  /* a value in args may be a function: called at each rendering, so that
     e.g. a type's name follows the language */
  function text(key, args, fallback) {
    var s = TABLE[lang][key];
    if (s === undefined) s = TABLE.en[key];
    if (s === undefined) return fallback === undefined ? key : fallback;
    return s.replace(/\{(\w+)\}/g, function (m, name) {  /* one pass: an argument is never re-read */
      if (!args || args[name] === undefined || args[name] === null) return m;
      var v = typeof args[name] === "function" ? args[name]() : args[name];
      return typeof v === "number" ? v.toLocaleString("en") : String(v);
    });
  }

  /* write a string into an element (as text) and remember it, to rewrite it in the other language */
  function say(node, key, args) {
    if (said.indexOf(node) < 0) said.push(node);
    node.kgSaid = { key: key, args: args };
    node.textContent = text(key, args);
  }

  function setLang(value) {
    lang = value === "en" ? "en" : "zh";
    said.forEach(function (node) { node.textContent = text(node.kgSaid.key, node.kgSaid.args); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-kg-s]"), function (node) {
      node.textContent = text(node.getAttribute("data-kg-s"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-kg-placeholder]"), function (node) {
      node.placeholder = text(node.getAttribute("data-kg-placeholder"));
    });
    listeners.forEach(function (f) { f(lang); });
  }

  window.kgStrings = {
    table: TABLE, text: text, say: say, setLang: setLang,
    onLang: function (f) { listeners.push(f); }
  };
})();
