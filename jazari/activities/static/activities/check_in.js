// Scanning the QR code of a participant with the phone's camera, where the browser can read barcodes
// (BarcodeDetector). Without it, a scanner that types the code, or typing it, works the same.
(function () {
  "use strict";
  const button = document.getElementById("scan-button");
  const video = document.getElementById("scan-video");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.classList.remove("d-none");
  button.addEventListener("click", async function () {
    const input = document.getElementById(button.dataset.target);
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.classList.remove("d-none");
    await video.play();
    const look = async function () {
      const codes = await detector.detect(video);
      if (codes.length > 0) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        input.value = codes[0].rawValue;
        input.form.submit();
        return;
      }
      window.requestAnimationFrame(look);
    };
    look();
  });
})();
