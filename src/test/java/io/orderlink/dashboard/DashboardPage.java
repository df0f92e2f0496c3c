package io.orderlink.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /** The whole page, however long, as a PNG. */
    void screenshot(Path file) throws IOException {
        WebDriver.Window window = driver.manage().window();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        window.setSize(new Dimension(window.getSize().width, height.intValue() + 150));
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }
}
