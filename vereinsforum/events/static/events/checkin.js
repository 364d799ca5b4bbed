// QR scanning at the door with the browser's BarcodeDetector (no external library).
// Where the API or a camera is missing, the scanner stays hidden and the code field is used.
(function () {
  "use strict";
  var box = document.querySelector(".qr-scanner");
  var form = document.getElementById("code-form");
  if (!box || !form) return;
  var input = form.querySelector("input[name=code]");
  var status = document.getElementById("scan-status");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    status.textContent = box.dataset.unsupported;
    return;
  }
  box.hidden = false;
  var video = document.getElementById("scan-video");
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  document.getElementById("scan-start").addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            input.value = codes[0].rawValue.trim();
            form.submit();
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function (err) {
      status.textContent = box.dataset.unsupported + " (" + err.name + ")";
    });
  });
})();
