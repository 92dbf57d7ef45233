package io.vigil.query.ui;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web UI (ui/frontend, built by Vite into {@code static/}): from the all-in-one jar's classpath,
 * or, on a scaled-out query node, from the directory {@code spring.web.resources.static-locations} names
 * (the query-side image copies the build there; the proxy routes {@code /} to query nodes). The client-side
 * routes a person can bookmark or reload answer the same page; the UI reads what to show from the URL.
 * Hashed assets never change under their name, so browsers keep them a year; the page is always revalidated.
 */
@Configuration(proxyBeanMethods = false)
public class UiRoutes implements WebMvcConfigurer {

    /** Keep in step with the routes of ui/frontend/src/App.tsx and the permitted paths of SecurityConfiguration. */
    static final String[] PAGES = {"/targets/{targetId}/logs", "/targets/{targetId}/metrics", "/alerts", "/audit"};

    private final String[] staticLocations;

    public UiRoutes(WebProperties web) {
        this.staticLocations = web.getResources().getStaticLocations();
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        for (String page : PAGES) {
            registry.addViewController(page).setViewName("forward:/index.html");
        }
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations(Arrays.stream(staticLocations).map(l -> slash(l) + "assets/").toArray(String[]::new))
                .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
        registry.addResourceHandler("/index.html")
                .addResourceLocations(Arrays.stream(staticLocations).map(UiRoutes::slash).toArray(String[]::new))
                .setCacheControl(CacheControl.noCache());
    }

    private static String slash(String location) {
        return location.endsWith("/") ? location : location + "/";
    }
}
