// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select.js-autosubmit");
  if (select && select.form) select.form.requestSubmit();
});
document.documentElement.classList.add("js");
