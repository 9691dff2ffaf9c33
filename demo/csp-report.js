// Counts CSP violations on the strict-CSP demo page and shows the count (an external script,
// since the policy forbids inline ones).
(function () {
  "use strict";
  var count = 0;
  document.addEventListener("securitypolicyviolation", function (e) {
    count += 1;
    var status = document.getElementById("csp-status");
    if (!status) return;
    status.dataset.violations = String(count);
    status.textContent = "CSP violations so far: " + count + " (last: " + e.violatedDirective + " " + (e.blockedURI || "inline") + ")";
  });
})();
