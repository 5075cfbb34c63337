/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.examples.webchat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException;
import ai.emby.camel.web.EmbyWebConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.main.Main;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web chat in a real browser: runs the example as its main method does without EMBY_API_KEY (Camel Main, the
 * YAML route, the simulator) and drives Debian's headless Chromium with Selenium through the page a user sees. It
 * types a prompt and sees the answer grow through at least {@value #MIN_INTERMEDIATE_STATES} intermediate states,
 * the reasoning apart, then the end line with token usage; sees a failing prompt's error message with its partial
 * text kept; sees the messages for an empty prompt, a too-long prompt and a second prompt while one runs; presses
 * Stop and sees the server-side exchange end CANCELLED; closes a tab mid-answer and sees the server-side exchange end
 * CANCELLED within a second. It saves screenshots under target/. Without the browser it
 * fails with what to install: it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebChatBrowserTest {

    private static final Path CHROMIUM = Paths.get(System.getProperty("webchat.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Paths.get(System.getProperty("webchat.chromedriver", "/usr/bin/chromedriver"));
    /** Slow enough that a 10 ms poll of the DOM sees the answer between groups on a loaded machine. */
    private static final Duration WORD_DELAY = Duration.ofMillis(60);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final int MIN_INTERMEDIATE_STATES = 3;
    private static final int MAX_PROMPT_CHARS = 2000;
    /** Issue 15: a closed tab's model call ends within a second (the bridge waits 500 ms for a reconnect first). */
    private static final long TAB_CLOSE_BOUND_MILLIS = 1000;

    private ChatSimulator simulator;
    private Main main;
    private WebDriver browser;
    private String pageUrl;
    /** Outcomes of the exchanges that ended in the web-chat route, by stream id. */
    private final Map<String, Exchange> finished = new ConcurrentHashMap<>();
    /** When each of them ended (System.nanoTime()). */
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();

    @BeforeAll
    void start(@TempDir Path profile) throws Exception {
        requireBrowser();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        simulator = ChatSimulator.start(WORD_DELAY);
        main = WebChatApplication.createMain(simulator);
        main.addOverrideProperty("web-chat.port", String.valueOf(port));
        main.addOverrideProperty("web-chat.host", "127.0.0.1");
        main.start();
        CamelContext camel = main.getCamelContext();
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                String stream = exchange.getIn().getHeader(EmbyWebConstants.STREAM_ID, String.class);
                if ("web-chat".equals(exchange.getFromRouteId()) && stream != null) {
                    finishedAt.put(stream, System.nanoTime());
                    finished.put(stream, exchange);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        });
        pageUrl = "http://127.0.0.1:" + port + "/";

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,800", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    private static void requireBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                 + ". On Debian or Ubuntu, as root: apt-get install -y chromium chromium-driver"
                 + " (or point -Dwebchat.chromium=... and -Dwebchat.chromedriver=... at another install).");
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (main != null) {
            main.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void freshPage() {
        browser.get(pageUrl);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("prompt")).isDisplayed());
    }

    @Test
    void answerGrowsWordByWordThenShowsTheEndLineWithUsage() throws Exception {
        ask("What is Apache Camel good for?");
        List<String> states = new ArrayList<>();
        boolean screenshotTaken = false;
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (!status().getAttribute("class").equals("end") && System.nanoTime() < deadline) {
            String text = text("answer");
            if (!text.isEmpty() && (states.isEmpty() || !states.get(states.size() - 1).equals(text))) {
                states.add(text);
                if (!screenshotTaken && text.length() > ChatSimulator.ANSWER.length() / 3) {
                    screenshot("web-chat-mid-answer.png");
                    screenshotTaken = true;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        String finalText = text("answer");
        assertThat(finalText).isEqualTo(ChatSimulator.ANSWER);
        List<String> intermediate = states.stream().filter(s -> !s.equals(finalText)).toList();
        System.out.println("Intermediate answer states seen: " + intermediate.size());
        assertThat(intermediate).hasSizeGreaterThanOrEqualTo(MIN_INTERMEDIATE_STATES);
        assertThat(intermediate).allSatisfy(s -> assertThat(ChatSimulator.ANSWER).startsWith(s));
        assertThat(text("reasoning")).isEqualTo(ChatSimulator.REASONING);
        assertThat(text("status")).startsWith("Finished: stop").contains("tokens:").contains("total");
        screenshot("web-chat-finished.png");
    }

    @Test
    void failingPromptShowsTheErrorAndKeepsThePartialText() {
        ask("Please FAIL midway");
        awaitStatusClass("error");
        assertThat(text("status")).contains("SERVER_ERROR").contains(ChatSimulator.FAILURE_MESSAGE)
                .contains("partial answer is kept");
        assertThat(text("answer")).isEqualTo(ChatSimulator.failurePartialText());
        screenshot("web-chat-failed.png");
    }

    @Test
    void badInputGetsAClearMessage() {
        ask("   ");
        awaitNotice("The prompt is empty");

        ((JavascriptExecutor) browser).executeScript("document.getElementById('prompt').value = arguments[0];",
                "x".repeat(MAX_PROMPT_CHARS + 1));
        browser.findElement(By.id("send")).click();
        awaitNotice("at most " + MAX_PROMPT_CHARS);

        ask("A first question");
        new WebDriverWait(browser, ANSWER_TIMEOUT).until(d -> !text("answer").isEmpty());
        ask("A second question while the first one streams");
        awaitNotice("still streaming in this tab");
        // the first answer goes on undisturbed
        awaitStatusClass("end");
        assertThat(text("answer")).isEqualTo(ChatSimulator.ANSWER);
    }

    @Test
    void stopCancelsTheServerSideStream() {
        ask("Tell me a long story");
        new WebDriverWait(browser, ANSWER_TIMEOUT).until(d -> text("answer").length() > 20);
        browser.findElement(By.id("stop")).click();
        awaitStatusClass("stopped");
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> text("status").startsWith("Stopped."));
        String kept = text("answer");
        assertThat(ChatSimulator.ANSWER).startsWith(kept);
        assertThat(kept.length()).isLessThan(ChatSimulator.ANSWER.length());

        Exchange exchange = awaitFinishedExchange();
        assertThat(exchange.getIn().getHeader(EmbyWebConstants.OUTCOME)).isEqualTo("cancelled");
        assertThat(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, EmbyStreamException.class).getReason())
                .isEqualTo(EmbyStreamException.Reason.CANCELLED);
    }

    @Test
    void closingTheTabCancelsTheServerSideStreamWithinASecond() {
        String page = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(pageUrl);
        ask("A question whose answer nobody will read");
        new WebDriverWait(browser, ANSWER_TIMEOUT).until(d -> text("answer").length() > 20);
        long closedAt = System.nanoTime();
        browser.close();
        browser.switchTo().window(page);

        Exchange exchange = awaitFinishedExchange("the browser disconnected");
        long millis = TimeUnit.NANOSECONDS.toMillis(
                finishedAt.get(exchange.getIn().getHeader(EmbyWebConstants.STREAM_ID, String.class)) - closedAt);
        System.out.println("Tab closed -> server-side exchange ended CANCELLED in " + millis + " ms");
        assertThat(millis).isLessThan(TAB_CLOSE_BOUND_MILLIS);
        assertThat(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, EmbyStreamException.class).getReason())
                .isEqualTo(EmbyStreamException.Reason.CANCELLED);
    }

    private Exchange awaitFinishedExchange() {
        return awaitFinishedExchange("the page pressed Stop");
    }

    /** The cancelled exchange whose cancel reason starts with {@code why}. */
    private Exchange awaitFinishedExchange(String why) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (Exchange exchange : finished.values()) {
                String reason = exchange.getIn().getHeader(EmbyWebConstants.CANCEL_REASON, "", String.class);
                if ("cancelled".equals(exchange.getIn().getHeader(EmbyWebConstants.OUTCOME)) && reason.startsWith(why)) {
                    return exchange;
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no exchange of the web-chat route ended cancelled; seen: " + finished.keySet());
    }

    private void ask(String prompt) {
        WebElement box = browser.findElement(By.id("prompt"));
        box.clear();
        box.sendKeys(prompt);
        browser.findElement(By.id("send")).click();
    }

    private WebElement status() {
        return browser.findElement(By.id("status"));
    }

    private String text(String id) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0]).textContent;", id);
    }

    private void awaitStatusClass(String kind) {
        new WebDriverWait(browser, ANSWER_TIMEOUT).until(d -> kind.equals(status().getAttribute("class")));
    }

    private void awaitNotice(String part) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("notice")).isDisplayed() && text("notice").contains(part));
    }

    private void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Paths.get("target", name);
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new AssertionError("Cannot save the screenshot " + name + ": " + e, e);
        }
    }
}
