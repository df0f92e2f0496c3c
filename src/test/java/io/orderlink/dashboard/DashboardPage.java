package io.orderlink.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The dashboard as a person uses it: type a token, read what the sections show, press their buttons. */
final class DashboardPage {

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    DashboardPage(ChromeDriver driver, String url) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // A new tab starts with an empty sessionStorage: signed out, whatever an earlier page did.
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
    }

    void signIn(String token) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    }

    void signOut() {
        driver.findElement(By.id("sign-out")).click();
    }

    /** Until the live region says every section has loaded. */
    void awaitLoaded() {
        wait.until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("^Updated at ")));
    }

    String alert() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert"))).getText();
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    String value(String inputId) {
        return driver.findElement(By.id(inputId)).getDomProperty("value");
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    void press(String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    /** Until the element (looked up afresh each time, as rows are replaced) shows {@code text}. */
    void awaitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Until the element is displayed and shows {@code text}; then its text. */
    String awaitVisibleText(String css, String text) {
        wait.until(ExpectedConditions.and(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)),
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text)));
        return text(css);
    }

    String attribute(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    void awaitCount(String css, int count) {
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), count));
    }

    boolean displayed(String css) {
        return driver.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.isDisplayed());
    }

    /**
     * Presses Tab (at most 100 times) until the element with this id has the keyboard focus: it is reachable
     * without a mouse, in the page's own order.
     */
    void tabTo(String id) {
        for (int i = 0; i < 100; i++) {
            if (id.equals(driver.executeScript("return document.activeElement.id"))) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reaches #" + id);
    }

    /** Keys sent to whatever has the focus, as a person types them. */
    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Tabs to the field, selects what it holds and types {@code text} over it. */
    void typeInto(String id, String text) {
        tabTo(id);
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(text).perform();
    }

    /** Form fields (visible or not) that have neither a label nor an accessible name. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledFields() {
        return (List<String>) driver.executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')
                    && !e.getAttribute('aria-labelledby'))
                  .map(e => e.id || e.name || e.outerHTML)""");
    }

    /** Buttons whose accessible name would be empty. */
    @SuppressWarnings("unchecked")
    List<String> unnamedButtons() {
        return (List<String>) driver.executeScript("""
                return [...document.querySelectorAll('button')]
                  .filter(b => b.textContent.trim() === '' && !b.getAttribute('aria-label')).map(b => b.outerHTML)""");
    }

    /** One element, as a PNG. */
    void screenshot(String css, Path file) throws IOException {
        fitWindowToPage();
        Files.createDirectories(file.getParent());
        Files.write(file, driver.findElement(By.cssSelector(css)).getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, however long, as a PNG. */
    void screenshot(Path file) throws IOException {
        fitWindowToPage();
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** A window as tall as the page, so nothing is cut off a screenshot. */
    private void fitWindowToPage() {
        WebDriver.Window window = driver.manage().window();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        window.setSize(new Dimension(window.getSize().width, height.intValue() + 150));
    }
}
